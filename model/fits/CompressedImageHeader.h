#pragma once

#include <fitsio.h>

// The header of the image a tile-compressed HDU holds, as one string of 80-character cards, the
// same text fits_convert_hdr2str() gives. That cfitsio call builds the header in a "mem://" file
// and closing it makes cfitsio allocate and zero the whole image's data unit (32 MiB for a 4096²
// int16 image, 85 ms): here the scratch file's NAXIS is set to 0 before it is closed.
namespace fits {

// On success *header holds the text (free it with fits_free_memory) and *keys the card count.
// Returns the cfitsio status (0 = success); `f` must be positioned on the compressed HDU.
int compressedImageHeaderText(fitsfile *f, char **header, int *keys);

} // namespace fits
