"""Wagtail's image upload form with the project's pixel cap explained in Chinese.

The cap itself is `WAGTAILIMAGES_MAX_IMAGE_PIXELS` (= `RONGMEI_MAX_IMAGE_PIXELS`), which
Wagtail checks from the image's header before it keeps the file; its zh_Hans catalogue
has no translation of that refusal, so the form gives its own
(`WAGTAILIMAGES_IMAGE_FORM_BASE`).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            field.error_messages["file_too_many_pixels"] = _(
                "图片像素过多（%(num_pixels)s 像素），上限为 %(max_pixels_count)s 像素，"
                "请缩小后再上传。"
            )
