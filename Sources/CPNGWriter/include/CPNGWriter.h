// libpng's full write API behind one C call: it reports errors by longjmp, which must not cross Swift
// frames, so the setjmp and every libpng call that can jump live in png_writer.c.
#ifndef GB_PNG_WRITER_H
#define GB_PNG_WRITER_H
#include <stddef.h>

/// Encodes 8-bit RGB rows (`width * 3` bytes each, top to bottom) as a PNG with an sRGB chunk and no
/// timestamp, every row unfiltered, deflate at `level` (0-9). On success returns 1 and sets `*out` to a
/// malloc'd buffer of `*out_size` bytes (the caller frees it); on failure returns 0 and writes libpng's
/// message into `message`. `initial_capacity` is the first output buffer's size (it grows as needed).
int gb_png_write_rgb(const unsigned char *rgb, int width, int height, int level, size_t initial_capacity,
                     unsigned char **out, size_t *out_size, char *message, size_t message_capacity);

#endif
