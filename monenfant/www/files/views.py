from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from monenfant.files.models import PrivateFile
from monenfant.files.perms import can_download
from monenfant.files.services import private_file_downloaded


@login_not_required  # answered here: a file out of reach is a 404, logged in or not
def download(request, pk):
    private_file = get_object_or_404(PrivateFile.objects.select_related("owner_type"), pk=pk)
    if not can_download(request.user, private_file):
        raise Http404("Fichier introuvable")
    private_file_downloaded(private_file=private_file, actor=request.user)
    response = FileResponse(
        private_file.file.open("rb"),
        as_attachment=True,
        filename=private_file.name,
        content_type=private_file.content_type_header,
    )
    response["Cache-Control"] = "private, no-store"
    return response
