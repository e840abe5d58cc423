package dev.streamvcr.metrics;

import static io.restassured.RestAssured.given;

/** One read of {@code /q/metrics} as a scraper makes it: no session, no token. */
public record Scrape(String text) {

    public static Scrape now() {
        return new Scrape(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /**
     * The value of the sample named {@code sample}, labels included when given (e.g. {@code x_bucket{le="1.0"}});
     * given without labels, the sum over every label set. Fails when there is no such sample.
     */
    public double value(String sample) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String name = line.substring(0, space);
            boolean matches = sample.contains("{") ? name.equals(sample) || sameLabels(name, sample)
                    : name.equals(sample) || name.startsWith(sample + "{");
            if (matches) {
                sum += Double.parseDouble(line.substring(space + 1));
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError("no sample " + sample + " in /q/metrics:\n" + text);
        }
        return sum;
    }

    /** Whether {@code name} has the metric and every label of {@code sample} (it may have more). */
    private static boolean sameLabels(String name, String sample) {
        int brace = sample.indexOf('{');
        if (!name.startsWith(sample.substring(0, brace) + "{")) {
            return false;
        }
        for (String label : sample.substring(brace + 1, sample.length() - 1).split(",")) {
            if (!name.contains(label)) {
                return false;
            }
        }
        return true;
    }
}
