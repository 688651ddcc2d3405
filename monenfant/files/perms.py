"""Who may download a private file: its uploader, or whoever its owner lets read it (an owner
model defines `can_read_private_files(user) -> bool`). Anything else is refused."""


def can_download(user, private_file) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if private_file.uploaded_by_id == user.pk:
        return True
    owner = private_file.owner
    rule = getattr(owner, "can_read_private_files", None)
    return bool(rule and rule(user))
