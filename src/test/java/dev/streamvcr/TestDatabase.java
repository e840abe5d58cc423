package dev.streamvcr;

import io.quarkus.test.common.QuarkusTestResource;

/** Gives every {@code @QuarkusTest} in this suite the same embedded PostgreSQL. */
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
public final class TestDatabase {

    private TestDatabase() {
    }
}
