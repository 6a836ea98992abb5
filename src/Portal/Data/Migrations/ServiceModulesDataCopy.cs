namespace Portal.Data.Migrations;

/// The ServiceModules migration replaces the delivery options with service modules. An installation's configured
/// options are carried over (same code, name, description, order and state; one price per segment that could
/// book the option), so checkout offers after the upgrade what it offered before. Plain SQL that SQLite and
/// PostgreSQL both understand; both providers' migrations run it before dropping the old table.
internal static class ServiceModulesDataCopy
{
    public const string Modules = """
        INSERT INTO "ServiceModules" ("Code", "Kind", "Name", "Description", "SortOrder", "IsActive")
        SELECT d."Code",
               CASE WHEN lower(d."Code") LIKE '%express%' THEN 'Express'
                    WHEN lower(d."Code") LIKE '%pickup%' THEN 'Pickup'
                    ELSE 'Delivery' END,
               d."Name", d."Description", d."SortOrder", d."IsActive"
        FROM "DeliveryOptions" AS d
        """;

    public const string Prices = """
        INSERT INTO "ServiceModulePrices" ("ServiceModuleId", "Segment", "NetPrice")
        SELECT m."Id", s."Segment", d."NetPrice"
        FROM "DeliveryOptions" AS d
        JOIN "ServiceModules" AS m ON m."Code" = d."Code"
        JOIN (SELECT 'A' AS "Segment" UNION ALL SELECT 'B' UNION ALL SELECT 'C') AS s
          ON ',' || replace(d."Segments", ' ', '') || ',' LIKE '%,' || s."Segment" || ',%'
        """;
}
