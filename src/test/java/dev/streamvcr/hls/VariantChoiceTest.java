package dev.streamvcr.hls;

import java.net.URI;
import org.junit.jupiter.api.Test;
import static dev.streamvcr.hls.TestPlaylists.master;
import static dev.streamvcr.hls.TestPlaylists.parseSeed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which variant and audio rendition a preference picks from a master playlist. */
class VariantChoiceTest {
    private static final String BASE = "https://origin.example.com/hls/";
    private static final VariantPreference BEST = VariantPreference.BEST;

    private static MasterPlaylist ffmpeg() {
        return (MasterPlaylist) parseSeed("ffmpeg-var-stream-map-master.m3u8", BASE + "master.m3u8");
    }

    private static MasterPlaylist alternativeAudio() {
        return (MasterPlaylist) parseSeed("rfc8216-alternative-audio-master.m3u8", "http://example.com/master.m3u8");
    }

    /** Variants in the way Twitch labels them: a VIDEO group per quality, named like {@code 720p60}. */
    private static MasterPlaylist twitchLike() {
        return master("""
                #EXTM3U
                #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="chunked",NAME="1080p60 (source)",AUTOSELECT=YES,DEFAULT=YES
                #EXT-X-STREAM-INF:BANDWIDTH=6000000,RESOLUTION=1920x1080,CODECS="avc1.64002A,mp4a.40.2",VIDEO="chunked",FRAME-RATE=60.000
                https://video.example.net/chunked/index.m3u8
                #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="720p60",NAME="720p60",AUTOSELECT=YES,DEFAULT=YES
                #EXT-X-STREAM-INF:BANDWIDTH=3400000,RESOLUTION=1280x720,CODECS="avc1.4D401F,mp4a.40.2",VIDEO="720p60",FRAME-RATE=60.000
                https://video.example.net/720p60/index.m3u8
                #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="720p30",NAME="720p",AUTOSELECT=YES,DEFAULT=YES
                #EXT-X-STREAM-INF:BANDWIDTH=2300000,RESOLUTION=1280x720,CODECS="avc1.4D401F,mp4a.40.2",VIDEO="720p30",FRAME-RATE=30.000
                https://video.example.net/720p30/index.m3u8
                #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="audio_only",NAME="audio_only",AUTOSELECT=NO,DEFAULT=NO
                #EXT-X-STREAM-INF:BANDWIDTH=160000,CODECS="mp4a.40.2",VIDEO="audio_only"
                https://video.example.net/audio_only/index.m3u8
                """, "https://usher.example.net/channel.m3u8");
    }

    private static String uriOf(VariantChoice choice) {
        return choice.variant().uri().toString();
    }

    @Test
    void highestBandwidthAndNotTheAudioOnlyVariant() {
        VariantChoice choice = VariantChoice.choose(ffmpeg(), BEST);
        assertEquals(BASE + "stream_hi.m3u8", uriOf(choice));
        assertEquals(new Rendition(Rendition.Type.AUDIO, "group_aud", "audio_0", null, true, false,
                URI.create(BASE + "stream_audio.m3u8")), choice.audio());
        assertNull(choice.compromise());
        assertEquals("128x72 347 kbit/s with audio \"audio_0\"", choice.describe());
    }

    @Test
    void equalBandwidthGoesToTheLargerPictureThenToTheFirstListed() {
        MasterPlaylist master = master("""
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=1000,RESOLUTION=640x360
                a.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=1000,RESOLUTION=1280x720
                b.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=1000,RESOLUTION=1280x720
                c.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=900,RESOLUTION=1920x1080
                d.m3u8
                """, "https://x.example/m.m3u8");
        assertEquals("https://x.example/b.m3u8", uriOf(VariantChoice.choose(master, BEST)));
    }

    @Test
    void maxHeightAndMaxBandwidth() {
        assertEquals(BASE + "stream_mid.m3u8", uriOf(VariantChoice.choose(ffmpeg(), BEST.withMaxHeight(54))));
        assertEquals(BASE + "stream_lo.m3u8", uriOf(VariantChoice.choose(ffmpeg(), BEST.withMaxBandwidth(150_000))));
        assertEquals(BASE + "stream_lo.m3u8",
                uriOf(VariantChoice.choose(ffmpeg(), BEST.withMaxHeight(72).withMaxBandwidth(110_000))));
        assertEquals("https://video.example.net/720p60/index.m3u8",
                uriOf(VariantChoice.choose(twitchLike(), BEST.withMaxHeight(720))));
        // Twitch's audio_only variant has a VIDEO group, but its CODECS say it has no video: not a candidate
        VariantChoice lowest = VariantChoice.choose(twitchLike(), BEST.withMaxBandwidth(200_000));
        assertEquals("https://video.example.net/720p30/index.m3u8", uriOf(lowest));
    }

    @Test
    void limitsThatExcludeEverythingFallBackToTheSmallestVariant() {
        VariantChoice choice = VariantChoice.choose(ffmpeg(), BEST.withMaxHeight(20).withMaxBandwidth(50_000));
        assertEquals(BASE + "stream_lo.m3u8", uriOf(choice));
        assertEquals("no variant is at most 20p and 50 kbit/s; recording the smallest, 64x36 105 kbit/s",
                choice.compromise());
    }

    @Test
    void aVariantByRenditionNameGroupOrHeightLabel() {
        MasterPlaylist twitch = twitchLike();
        assertEquals("https://video.example.net/chunked/index.m3u8",
                uriOf(VariantChoice.choose(twitch, BEST.withVariantName("1080p60 (SOURCE)"))));
        assertEquals("https://video.example.net/720p60/index.m3u8",
                uriOf(VariantChoice.choose(twitch, BEST.withVariantName("720p60"))));
        // "720p" is the NAME of the 30 fps variant and the height label of both 720-line ones: the best of them
        assertEquals("https://video.example.net/720p60/index.m3u8",
                uriOf(VariantChoice.choose(twitch, BEST.withVariantName("720p"))));
        assertEquals("https://video.example.net/720p30/index.m3u8",
                uriOf(VariantChoice.choose(twitch, BEST.withVariantName("720p30"))));
        assertEquals("https://video.example.net/audio_only/index.m3u8",
                uriOf(VariantChoice.choose(twitch, BEST.withVariantName("audio_only"))));
    }

    @Test
    void aNameThatMatchesNothingIsSetAsideAndSaidSo() {
        VariantChoice choice = VariantChoice.choose(twitchLike(), BEST.withVariantName("4k").withMaxHeight(720));
        assertEquals("https://video.example.net/720p60/index.m3u8", uriOf(choice));
        assertEquals("no variant is named \"4k\"", choice.compromise());
    }

    @Test
    void audioByDefaultNameOrLanguage() {
        MasterPlaylist master = alternativeAudio();
        VariantChoice byDefault = VariantChoice.choose(master, BEST);
        assertEquals("http://example.com/hi/video-only.m3u8", uriOf(byDefault));
        assertEquals("English", byDefault.audio().name());
        assertEquals("Deutsch", VariantChoice.choose(master, BEST.withAudioName("deutsch")).audio().name());
        assertEquals("Deutsch", VariantChoice.choose(master, BEST.withAudioName("DE")).audio().name());
        VariantChoice unknown = VariantChoice.choose(master, BEST.withAudioName("Klingon"));
        assertEquals("English", unknown.audio().name());
        assertEquals("no audio is named \"Klingon\"", unknown.compromise());
    }

    @Test
    void autoselectComesBeforeTheFirstWhenNoneIsDefault() {
        MasterPlaylist master = master("""
                #EXTM3U
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="one",URI="one.m3u8"
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="two",AUTOSELECT=YES,URI="two.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=1000,AUDIO="a"
                v.m3u8
                """, "https://x.example/m.m3u8");
        assertEquals("two", VariantChoice.choose(master, BEST).audio().name());
    }

    @Test
    void aDefaultAudioWithoutUriIsInTheVariantItself() {
        // §4.3.4.1.1: a rendition without URI is carried in the variant's own stream
        MasterPlaylist master = master("""
                #EXTM3U
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="main",DEFAULT=YES
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="commentary",URI="commentary.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=1000,AUDIO="a"
                v.m3u8
                """, "https://x.example/m.m3u8");
        assertNull(VariantChoice.choose(master, BEST).audio());
        assertEquals("commentary", VariantChoice.choose(master, BEST.withAudioName("commentary")).audio().name());
    }

    @Test
    void audioOnlyVariantsAreChosenWhenThereIsNothingElse() {
        MasterPlaylist master = master("""
                #EXTM3U
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="English",DEFAULT=YES,URI="hi.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS="mp4a.40.5",AUDIO="aac"
                lo.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=128000,CODECS="mp4a.40.2",AUDIO="aac"
                hi.m3u8
                """, "https://radio.example/m.m3u8");
        VariantChoice choice = VariantChoice.choose(master, BEST);
        assertEquals("https://radio.example/hi.m3u8", uriOf(choice));
        assertNull(choice.audio(), "the variant is the audio");
    }

    @Test
    void aMasterWithoutRecordableVariantsFails() {
        MasterPlaylist master = master("""
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=1000
                skd://not-a-stream
                #EXT-X-STREAM-INF:BANDWIDTH=2000
                data:application/vnd.apple.mpegurl;base64,I0VYVE0zVQ==
                """, "https://x.example/m.m3u8");
        PlaylistException e = assertThrows(PlaylistException.class, () -> VariantChoice.choose(master, BEST));
        assertEquals("the master playlist lists no variant that can be recorded", e.getMessage());
    }

    @Test
    void preferencesDescribeThemselves() {
        assertEquals("best quality", BEST.describe());
        assertEquals("variant \"720p60\", at most 720p and 3000 kbit/s, audio \"English\"", BEST.withVariantName(
                "720p60").withMaxHeight(720).withMaxBandwidth(3_000_000).withAudioName(" English ").describe());
        assertEquals(BEST, BEST.withVariantName(" ").withAudioName(""));
    }
}
