-- No GraphQL endpoint. Hosted projects come with pg_graphql, which answers /graphql/v1 with
-- every table and view the caller's role may use in the schemas on the request's search path.
-- Sammen's only interface is the `api` functions, one per use case, each checking its caller:
-- the grants on `app` tables exist for those security-invoker functions (with RLS as the
-- second wall), not as a way in of their own. `app` is on no API search path today; dropping
-- the extension keeps /graphql/v1 shut also if a project's exposed schemas or search path
-- change later. (Supabase's placeholder then answers /graphql/v1 with an error.)
drop extension if exists pg_graphql;
