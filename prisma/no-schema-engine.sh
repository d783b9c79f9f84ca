#!/bin/sh
# Prisma's CLI wants to download a schema engine from outside the npm registry.
# `prisma generate` does not need it; pointing PRISMA_SCHEMA_ENGINE_BINARY here
# makes anything that *does* need it (migrate, db push) fail loudly instead of
# silently doing nothing. Migrations are plain SQL files applied by
# pipeline/control-plane/migrate.ts.
echo "tributary: the Prisma schema engine is not available offline; migrations are applied by tributary itself" >&2
exit 1
