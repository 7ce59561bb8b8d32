"""drms's view of jsoc-sim: one ServerConfig with every CGI on the simulator, for the peer-suite plugin,
the drms conformance test and the drms benchmark reference (so a change in how drms reaches JSOC is made once)."""


def server_config(drms, base, name="jsoc-sim", **extra):
    """A drms.ServerConfig named `name` whose CGIs and downloads are all under the site root `base`."""
    base = base.rstrip("/")
    return drms.ServerConfig(
        name=name,
        cgi_baseurl=base + "/cgi-bin/ajax/",
        cgi_show_series="show_series",
        cgi_jsoc_info="jsoc_info",
        cgi_jsoc_fetch="jsoc_fetch",
        cgi_check_address="checkAddress.sh",
        cgi_show_series_wrapper="showextseries",
        show_series_wrapper_dbhost="hmidb2",
        http_download_baseurl=base + "/",
        **extra,
    )
