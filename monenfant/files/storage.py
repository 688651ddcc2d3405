from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Local storage of private files: no URL at all, so no template or API can link to one
    by mistake; monenfant.www.files streams them after a permission check."""

    def url(self, name):
        raise ValueError("Private files have no URL: stream them with the files:download view.")
