package dev.streamvcr.recording;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.streamvcr.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DownloadTest {

    @Inject
    RecordingFixture fixture;

    private Api.Account owner;
    private byte[] content;
    private long id;

    @BeforeEach
    void recording() throws Exception {
        owner = Api.newUser("user");
        content = new byte[100_000];
        new Random(7).nextBytes(content);
        id = fixture.finishedRecording(owner.username(), "Evening show: part 1/2", content);
    }

    private String file() {
        return "/api/v1/recordings/" + id + "/file";
    }

    @Test
    void wholeFileWithNameAndValidators() {
        Response response = given().auth().oauth2(owner.token()).get(file());
        response.then().statusCode(200)
                .header("Accept-Ranges", "bytes")
                .header("Content-Length", String.valueOf(content.length))
                .header("Content-Type", containsString("video/x-flv"))
                .header("Content-Disposition", containsString("filename=\"Evening show_ part 1_2_2026-05-01.flv\""));
        assertArrayEquals(content, response.asByteArray());
    }

    @Test
    void rangeGives206WithExactlyThoseBytes() {
        Response response = given().auth().oauth2(owner.token()).header("Range", "bytes=1000-1999").get(file());
        response.then().statusCode(206).header("Content-Range", "bytes 1000-1999/100000")
                .header("Content-Length", "1000");
        assertArrayEquals(Arrays.copyOfRange(content, 1000, 2000), response.asByteArray());

        Response tail = given().auth().oauth2(owner.token()).header("Range", "bytes=-10").get(file());
        tail.then().statusCode(206).header("Content-Range", "bytes 99990-99999/100000");
        assertArrayEquals(Arrays.copyOfRange(content, 99990, 100000), tail.asByteArray());

        Response open = given().auth().oauth2(owner.token()).header("Range", "bytes=99000-").get(file());
        open.then().statusCode(206).header("Content-Length", "1000");
    }

    @Test
    void hugeRangeNumbersAreClampedNotAnError() {
        given().auth().oauth2(owner.token()).header("Range", "bytes=99990-99999999999999999999").get(file())
                .then().statusCode(206).header("Content-Range", "bytes 99990-99999/100000");
        given().auth().oauth2(owner.token()).header("Range", "bytes=99999999999999999999-").get(file())
                .then().statusCode(416);
    }

    @Test
    void rangePastTheEndIs416() {
        given().auth().oauth2(owner.token()).header("Range", "bytes=200000-").get(file())
                .then().statusCode(416).header("Content-Range", "bytes */100000");
    }

    @Test
    void ifRangeResumesOnlyTheSameVersion() {
        String etag = given().auth().oauth2(owner.token()).head(file()).then().statusCode(200).extract().header("ETag");
        given().auth().oauth2(owner.token()).header("Range", "bytes=10-19").header("If-Range", etag).get(file())
                .then().statusCode(206);
        given().auth().oauth2(owner.token()).header("Range", "bytes=10-19").header("If-Range", "\"stale\"").get(file())
                .then().statusCode(200).header("Content-Length", String.valueOf(content.length));
    }

    @Test
    void othersGet404AndAdminsMayDownload() {
        Api.Account other = Api.newUser("user");
        other.api().get("/api/v1/recordings/" + id).then().statusCode(404);
        given().auth().oauth2(other.token()).get(file()).then().statusCode(404);
        other.api().get("/api/v1/recordings").then().statusCode(200).body("size()", equalTo(0));
        given().auth().oauth2(Api.adminToken()).get(file()).then().statusCode(200);
        owner.api().get("/api/v1/recordings/" + id).then().statusCode(200)
                .body("videoCodec", equalTo("H.264")).body("parts[0].bytes", equalTo(content.length));
        given().auth().oauth2(owner.token()).get(file() + "?part=2").then().statusCode(404);
    }

    @Test
    void pageDownloadUsesTheSessionCookie() {
        given().redirects().follow(false).get("/recordings/" + id + "/file").then().statusCode(303);
    }
}
