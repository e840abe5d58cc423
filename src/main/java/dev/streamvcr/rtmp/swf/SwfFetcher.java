package dev.streamvcr.rtmp.swf;

import java.net.URI;
import java.util.concurrent.CompletionStage;

/**
 * Downloads a player SWF. The application supplies it so that the download goes through its outbound request
 * policy, size limit and timeouts; this package makes no network requests of its own.
 */
@FunctionalInterface
public interface SwfFetcher {

    /**
     * @return the body of a successful (2xx) answer; a stage failed with a {@link SwfException} (or any exception
     *         whose message explains the failure) otherwise
     */
    CompletionStage<byte[]> fetch(URI url);
}
