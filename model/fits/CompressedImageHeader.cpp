#include "model/fits/CompressedImageHeader.h"

namespace fits {

int compressedImageHeaderText(fitsfile *f, char **header, int *keys)
{
    *header = nullptr;
    *keys = 0;
    int status = 0;
    fitsfile *scratch = nullptr;
    fits_create_file(&scratch, "mem://", &status);
    if (status)
        return status;
    fits_img_decompress_header(f, scratch, &status);
    fits_hdr2str(scratch, 0, nullptr, 0, header, keys, &status);
    // The text is taken; an empty data unit makes closing the scratch file free instead of a
    // zero-filled allocation of the whole image.
    int none = 0, closeStatus = 0;
    fits_update_key(scratch, TINT, "NAXIS", &none, nullptr, &closeStatus);
    closeStatus = 0;
    fits_close_file(scratch, &closeStatus);
    if (status && *header) {
        int freeStatus = 0;
        fits_free_memory(*header, &freeStatus);
        *header = nullptr;
    }
    return status;
}

} // namespace fits
