package dev.streamvcr.peer;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * What a test's nginx serves besides {@code application live}: an optional loopback HTTP server
 * (for HLS and for {@code on_publish}/{@code on_play} tests) and extra config blocks.
 *
 * <p>Extra blocks are functions of the server's prefix directory so that paths in them (an
 * {@code hls_path}, an {@code alias}) can live under it and vanish with it. Example:
 * <pre>{@code
 * NginxRtmpConfig.defaults()
 *     .withRtmpApplications(prefix -> "application hls { live on; hls on; hls_path " + prefix.resolve("hls") + "; }")
 *     .withHttpLocations(prefix -> "location /hls/ { alias " + prefix.resolve("hls") + "/; }")
 * }</pre>
 *
 * @param http            whether to run the HTTP server (it also serves {@code /stat}, nginx-rtmp's XML statistics)
 * @param rtmpApplications config placed inside {@code rtmp { server { … } }} after {@code application live}
 * @param httpLocations    config placed inside {@code http { server { … } }}; ignored without {@code http}
 */
public record NginxRtmpConfig(boolean http, Function<Path, String> rtmpApplications,
                              Function<Path, String> httpLocations) {

    /** {@code application live} plus the HTTP server with {@code /stat}. */
    public static NginxRtmpConfig defaults() {
        return new NginxRtmpConfig(true, prefix -> "", prefix -> "");
    }

    public NginxRtmpConfig withoutHttp() {
        return new NginxRtmpConfig(false, rtmpApplications, httpLocations);
    }

    /** Adds to the RTMP applications (keeps those added before). */
    public NginxRtmpConfig withRtmpApplications(Function<Path, String> more) {
        return new NginxRtmpConfig(http, prefix -> rtmpApplications.apply(prefix) + more.apply(prefix), httpLocations);
    }

    /** Adds HTTP locations (keeps those added before) and turns the HTTP server on. */
    public NginxRtmpConfig withHttpLocations(Function<Path, String> more) {
        return new NginxRtmpConfig(true, rtmpApplications, prefix -> httpLocations.apply(prefix) + more.apply(prefix));
    }

    /** The whole nginx.conf for a server rooted at {@code prefix}; {@code httpPort} is unused without http. */
    String render(Path prefix, int rtmpPort, int httpPort) {
        String p = prefix.toAbsolutePath().toString();
        StringBuilder conf = new StringBuilder()
                .append("load_module ").append(PeerTools.RTMP_MODULE).append(";\n")
                .append("daemon off;\n")
                // As root, workers would drop to www-data and could not write into our private prefix.
                .append(PeerTools.isRoot() ? "user root;\n" : "")
                // One worker: nginx-rtmp relays a stream only within the worker that receives it.
                .append("worker_processes 1;\n")
                .append("pid ").append(p).append("/nginx.pid;\n")
                .append("error_log ").append(p).append("/error.log info;\n")
                // nginx's default of 512 connections caps load tests at ~500 players.
                .append("events { worker_connections 4096; }\n")
                .append("rtmp {\n  server {\n")
                .append("    listen 127.0.0.1:").append(rtmpPort).append(";\n")
                .append("    chunk_size 4096;\n")
                .append("    application live { live on; record off; }\n")
                .append(indent(rtmpApplications.apply(prefix), "    "))
                .append("  }\n}\n");
        if (http) {
            conf.append("http {\n")
                    .append("  access_log ").append(p).append("/access.log;\n");
            for (String temp : new String[] {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
                conf.append("  ").append(temp).append("_temp_path ")
                        .append(p).append('/').append(temp).append("_temp;\n");
            }
            conf.append("  server {\n")
                    .append("    listen 127.0.0.1:").append(httpPort).append(";\n")
                    .append("    location = /stat { rtmp_stat all; }\n")
                    .append(indent(httpLocations.apply(prefix), "    "))
                    .append("  }\n}\n");
        }
        return conf.toString();
    }

    private static String indent(String block, String indent) {
        if (block.isBlank()) {
            return "";
        }
        return block.strip().indent(indent.length());
    }
}
