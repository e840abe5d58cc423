package dev.streamvcr.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a list page or the API was asked for: a search in title and source, a state, a date range, an owner (admins),
 * a sort, and a keyset cursor (the last row's sort key and ID, never an offset), with the page size. Every parameter is
 * checked here and a bad one is a {@link FieldErrors} naming it; the search is matched literally (its {@code %},
 * {@code _} and regex characters mean themselves), and the query is built with bound parameters only.
 */
public record ListQuery(String search, String state, Instant from, Instant to, String owner, Sort sort,
        Cursor after, int size) {

    public static final int DEFAULT_SIZE = 25;
    public static final int MAX_SIZE = 200;
    private static final int MAX_SEARCH = 200;
    private static final char ESCAPE = '!';

    /** The orders a list can be read in; each is a total order (ties broken by ID), as keyset paging needs. */
    public enum Sort {
        NEWEST("newest first"), OLDEST("oldest first"), TITLE("title A–Z");

        private final String label;

        Sort(String label) {
            this.label = label;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String label() {
            return label;
        }
    }

    /** The filter form's values as they were typed, shown again above the list (also when one was refused). */
    public record Typed(String q, String state, String from, String to, String owner, String sort) {
        public static Typed of(String q, String state, String from, String to, String owner, String sort) {
            return new Typed(orEmpty(q), orEmpty(state).toLowerCase(Locale.ROOT), orEmpty(from), orEmpty(to),
                    orEmpty(owner), orEmpty(sort).isEmpty() ? Sort.NEWEST.id() : orEmpty(sort).toLowerCase(Locale.ROOT));
        }

        /** The sort choices of the form. */
        public List<Option> sorts() {
            return ListQuery.sorts();
        }

        private static String orEmpty(String text) {
            return text == null ? "" : text.strip();
        }
    }

    /** A choice in the filter form. */
    public record Option(String id, String label) {
    }

    /** The sort choices of the filter form. */
    public static List<Option> sorts() {
        return java.util.Arrays.stream(Sort.values()).map(s -> new Option(s.id(), s.label())).toList();
    }

    /** Where the previous page ended: its last row's sort key (time in microseconds, or title) and ID. */
    public record Cursor(Sort sort, String key, long id) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((sort.id() + "\n" + key + "\n" + id).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The query's entity paths: the title, source address, state, the time it is sorted and filtered by, owner. */
    public record Fields(String title, String source, String state, String time, String ownerName, String ownerId,
            String id) {
    }

    /** A JPQL query ({@code from …} clause given by the caller) with its named parameters. */
    public record Jpql(String where, String orderBy, Map<String, Object> parameters) {

        /**
         * Run first in the transaction of a search: the search's {@code like} pattern is a bound parameter, and once
         * the driver prepares the statement PostgreSQL plans it without the pattern, reading the whole list in order
         * and filtering (80 ms over 100,000 rows) instead of asking the trigram indexes (1 ms).
         */
        public static final String PLAN_WITH_VALUES = "set local plan_cache_mode = force_custom_plan";

        /** Whether the query searches (and should be planned with its values, {@link #PLAN_WITH_VALUES}). */
        public boolean searches() {
            return parameters.containsKey("q");
        }
    }

    /**
     * Checks the request parameters; {@code states} are the state names a filter may use (case-insensitive).
     *
     * @throws FieldErrors naming each parameter that is wrong
     */
    public static ListQuery parse(String search, String state, String from, String to, String owner, String sort,
            String cursor, String size, Set<String> states, boolean admin) {
        FieldErrors.Builder errors = new FieldErrors.Builder();
        String q = search == null || search.isBlank() ? null : search.strip();
        if (q != null && q.length() > MAX_SEARCH) {
            errors.add("q", "Search for at most " + MAX_SEARCH + " characters.");
        }
        String st = null;
        if (state != null && !state.isBlank()) {
            st = state.strip().toUpperCase(Locale.ROOT);
            if (!states.contains(st)) {
                errors.add("state", "There is no state '" + abbreviate(state) + "'; use one of "
                        + String.join(", ", states.stream().map(s -> s.toLowerCase(Locale.ROOT)).sorted().toList()) + ".");
                st = null;
            }
        }
        Instant fromAt = day("from", from, false, errors);
        Instant toAt = day("to", to, true, errors);
        if (fromAt != null && toAt != null && !toAt.isAfter(fromAt)) {
            errors.add("to", "The end date is before the start date.");
        }
        String who = owner == null || owner.isBlank() ? null : owner.strip();
        if (who != null && !admin) {
            errors.add("owner", "Only administrators filter by owner; you see your own only.");
        }
        Sort order = Sort.NEWEST;
        if (sort != null && !sort.isBlank()) {
            try {
                order = Sort.valueOf(sort.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add("sort", "Sort by newest, oldest or title.");
            }
        }
        int pageSize = DEFAULT_SIZE;
        if (size != null && !size.isBlank()) {
            try {
                pageSize = Integer.parseInt(size.strip());
            } catch (NumberFormatException e) {
                pageSize = -1;
            }
            if (pageSize < 1 || pageSize > MAX_SIZE) {
                errors.add("size", "Ask for 1 to " + MAX_SIZE + " rows a page.");
            }
        }
        Cursor after = null;
        if (cursor != null && !cursor.isBlank()) {
            after = cursor(cursor.strip(), order);
            if (after == null) {
                errors.add("cursor", "This page link is damaged or belongs to another sort order; "
                        + "start again from the first page.");
            }
        }
        errors.throwIfAny();
        return new ListQuery(q, st, fromAt, toAt, who, order, after, pageSize);
    }

    private static Instant day(String field, String text, boolean end, FieldErrors.Builder errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Instant start = LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
            return end ? start.plus(1, ChronoUnit.DAYS) : start;
        } catch (DateTimeParseException e) {
            errors.add(field, "'" + abbreviate(text) + "' is not a date like 2026-05-01.");
            return null;
        }
    }

    /** The cursor, or null when it is not one this app made for {@code sort}. */
    private static Cursor cursor(String text, Sort sort) {
        try {
            String[] fields = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\n", -1);
            if (fields.length != 3 || !fields[0].equals(sort.id())) {
                return null;
            }
            long id = Long.parseLong(fields[2]);
            if (id < 1) {
                return null;
            }
            if (sort == Sort.TITLE) {
                return fields[1].length() > 1000 ? null : new Cursor(sort, fields[1], id);
            }
            Long.parseLong(fields[1]);
            return new Cursor(sort, fields[1], id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The where clause (starting "where", or empty) and order by for the entity paths in {@code f}. */
    public Jpql jpql(Fields f, Long onlyOwnerId) {
        List<String> where = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (onlyOwnerId != null) {
            where.add(f.ownerId() + " = :ownerId");
            parameters.put("ownerId", onlyOwnerId);
        }
        if (search != null) {
            where.add("(lower(" + f.title() + ") like :q escape '" + ESCAPE + "' or lower(" + f.source()
                    + ") like :q escape '" + ESCAPE + "')");
            parameters.put("q", "%" + literal(search.toLowerCase(Locale.ROOT)) + "%");
        }
        if (state != null) {
            where.add(f.state() + " = :state");
            parameters.put("state", state);
        }
        if (from != null) {
            where.add(f.time() + " >= :from");
            parameters.put("from", from);
        }
        if (to != null) {
            where.add(f.time() + " < :to");
            parameters.put("to", to);
        }
        if (owner != null) {
            where.add(f.ownerName() + " = :owner");
            parameters.put("owner", owner);
        }
        String orderBy = switch (sort) {
            case NEWEST -> f.time() + " desc, " + f.id() + " desc";
            case OLDEST -> f.time() + " asc, " + f.id() + " asc";
            case TITLE -> f.title() + " asc, " + f.id() + " asc";
        };
        if (after != null) {
            String key = sort == Sort.TITLE ? f.title() : f.time();
            String beyond = sort == Sort.NEWEST ? "<" : ">";
            where.add("(" + key + " " + beyond + " :afterKey or (" + key + " = :afterKey and " + f.id() + " " + beyond
                    + " :afterId))");
            parameters.put("afterKey", sort == Sort.TITLE ? after.key() : micros(Long.parseLong(after.key())));
            parameters.put("afterId", after.id());
        }
        return new Jpql(where.isEmpty() ? "" : "where " + String.join(" and ", where), "order by " + orderBy,
                parameters);
    }

    /** One page of rows, and the cursor of the next page (null on the last one). */
    public record Page<T>(List<T> items, String nextCursor) {
    }

    /**
     * Cuts the {@code size + 1} rows read down to a page, and makes the next page's cursor from its last row.
     *
     * @param time the row's sort time; {@code title} its title; {@code id} its ID
     */
    public <R, T> Page<T> page(List<R> rows, Function<R, Instant> time, Function<R, String> title,
            Function<R, Long> id, Function<R, T> view) {
        boolean more = rows.size() > size;
        List<R> shown = more ? rows.subList(0, size) : rows;
        String next = null;
        if (more) {
            R last = shown.get(shown.size() - 1);
            String key = sort == Sort.TITLE ? title.apply(last) : Long.toString(micros(time.apply(last)));
            next = new Cursor(sort, key, id.apply(last)).encode();
        }
        return new Page<>(shown.stream().map(view).toList(), next);
    }

    /** The address of the next page: this query's parameters with {@code cursor}. */
    public String nextHref(String path, String nextCursor) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("q", search);
        parameters.put("state", state == null ? null : state.toLowerCase(Locale.ROOT));
        parameters.put("from", from == null ? null : LocalDate.ofInstant(from, ZoneOffset.UTC).toString());
        parameters.put("to", to == null ? null : LocalDate.ofInstant(to.minus(1, ChronoUnit.DAYS), ZoneOffset.UTC).toString());
        parameters.put("owner", owner);
        parameters.put("sort", sort == Sort.NEWEST ? null : sort.id());
        parameters.put("size", size == DEFAULT_SIZE ? null : Integer.toString(size));
        parameters.put("cursor", nextCursor);
        StringBuilder href = new StringBuilder(path);
        char separator = '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getValue() != null) {
                href.append(separator).append(parameter.getKey()).append('=')
                        .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return href.toString();
    }

    /** Whether any filter is set (the page then says "no match" rather than "nothing yet"). */
    public boolean filtered() {
        return search != null || state != null || from != null || to != null || owner != null;
    }

    /** The value as typed, for the filter form. */
    public String fromDay() {
        return from == null ? "" : LocalDate.ofInstant(from, ZoneOffset.UTC).toString();
    }

    public String toDay() {
        return to == null ? "" : LocalDate.ofInstant(to.minus(1, ChronoUnit.DAYS), ZoneOffset.UTC).toString();
    }

    public String stateId() {
        return state == null ? "" : state.toLowerCase(Locale.ROOT);
    }

    private static String literal(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == ESCAPE || c == '%' || c == '_') {
                escaped.append(ESCAPE);
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    private static Instant micros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static String abbreviate(String text) {
        String stripped = text.strip();
        return stripped.length() > 40 ? stripped.substring(0, 40) + "…" : stripped;
    }
}
