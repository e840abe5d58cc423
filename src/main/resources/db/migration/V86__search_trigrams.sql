-- The lists' search ("contains", any case, over titles and source addresses) reads trigram indexes instead of every
-- row. pg_trgm ships with PostgreSQL (contrib; the embedded binaries have it) and is a trusted extension since
-- PostgreSQL 13, which the database's owner may create. Where it cannot be created the search still works, by a scan.
do $$
begin
    create extension if not exists pg_trgm;
exception when others then
    raise notice 'pg_trgm is not available (%): the search reads every reservation', sqlerrm;
end $$;

do $$
begin
    if exists (select 1 from pg_extension where extname = 'pg_trgm') then
        create index reservation_title_trgm on reservation using gin (lower(title) gin_trgm_ops);
        create index reservation_source_trgm on reservation using gin (lower(source_url) gin_trgm_ops);
    end if;
exception when others then
    -- e.g. the extension lives in a schema outside the search path: search works without the indexes
    raise notice 'no trigram indexes (%): the search reads every reservation', sqlerrm;
end $$;
