#pragma once

// The simulated Sun as an image: what a JSOC record's segment shows, computed from the record's
// time and WCS alone. AIA channels differ as the instrument's do (hot loops in 94/131/335, quiet
// corona in 171/193/211, chromosphere in 304/1600/1700), HMI products show limb darkening,
// sunspots and bipolar active regions that drift with the Sun's differential rotation. Pure and
// deterministic: same inputs, same floats, on any number of threads.
namespace sim {

enum class SceneChannel { Aia94, Aia131, Aia171, Aia193, Aia211, Aia304, Aia335, Aia1600, Aia1700, Aia4500,
                          Continuum, Magnetogram, Dopplergram, LineWidth, LineDepth };

// Where the Sun is in the image, as the record's WCS says (FITS conventions, CRPIX 1-based).
struct SceneGeometry {
    int width = 0, height = 0;
    double crpix1 = 0, crpix2 = 0;   // disk centre pixel
    double cdelt = 0;                 // arcsec per pixel
    double crota2 = 0;                // degrees, as in the FITS header (HMI ~180, AIA ~0)
    double rsunArcsec = 0;            // RSUN_OBS
    double b0Deg = 0;                 // CRLT_OBS
    double l0Deg = 0;                 // CRLN_OBS (Carrington longitude of disk centre)
    double obsVrMs = 0;               // OBS_VR (dopplergram offset)
};

struct SceneStatistics {
    double min = 0, max = 0, mean = 0, median = 0, rms = 0, skew = 0, kurt = 0;
    double p01 = 0, p10 = 0, p25 = 0, p75 = 0, p90 = 0, p95 = 0, p98 = 0, p99 = 0;
};

class SolarScene
{
public:
    // Physical values into out[width*height], row-major, row 0 = FITS row 1: AIA DN for the
    // given exposure (photon and read noise included, so a few negative DN far off the limb);
    // HMI continuum and line depth DN/s, magnetogram gauss (line of sight, + toward the
    // observer), dopplergram m/s (+ away, OBS_VR included), line width mA; the exposure is
    // ignored for HMI. Off-disk pixels get the channel's off-limb value (corona for EUV, 0 for
    // HMI products; the FITS writer decides what becomes BLANK/NaN, see onDisk()).
    // Deterministic in (channel, geometry, tai, exposure); the pixel noise changes every
    // second of tai, the Sun's features move continuously.
    static void render(SceneChannel c, const SceneGeometry &g, double tai, double exposureSeconds, float *out);

    // The statistics of render(...) at this geometry, from a memoised sparse sample of the same
    // pixels (every k-th row and column, about 512 x 512), so cheap yet within well under 1 % of
    // the full image for mean, rms and percentiles. min/max are those of the sample. AIA: all
    // pixels; HMI products: the pixels on the disk only (JSOC's off-disk pixels are missing).
    static SceneStatistics statistics(SceneChannel c, const SceneGeometry &g, double tai, double exposureSeconds);

    // Whether a pixel (0-based column and row) lies on the solar disk, with exactly the test the
    // renderer uses: the FITS writer's choice of BLANK/NaN pixels for HMI products.
    static bool onDisk(const SceneGeometry &g, int col, int row);
};

} // namespace sim
