package dev.streamvcr;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Gives every {@code @QuarkusTest} in this suite the same embedded PostgreSQL, and the system libraries the
 * embedded ffmpeg of previews needs, and a free loopback port for the mailer.
 */
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PreviewLibrariesResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SmtpPortResource.class, restrictToAnnotatedClass = false)
public final class TestDatabase {

    private TestDatabase() {
    }
}
