using System.ComponentModel.DataAnnotations;

namespace Portal.Data;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// Sqlite (embedded, the default) or Postgres.
    [Required]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// Apply pending migrations when the web app starts. Off when an operator runs `portal migrate` in a deploy step.
    public bool MigrateOnStart { get; set; } = true;
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// Where the portal keeps its files: the SQLite database, the mail pickup folder, uploads.
public sealed class PortalOptions
{
    public const string SectionName = "Portal";

    [Required]
    public string DataPath { get; set; } = "data";

    /// Seed the demo into an empty database on start. Defaults to on in Development only.
    public bool? SeedDemo { get; set; }

    /// Month-end segmentation runs the demo backfills before today's, so the cockpit shows trends and moves
    /// between classes on the first start (the demo's orders reach back two years).
    [Range(0, 36)]
    public int DemoHistoryMonths { get; set; } = 24;

    /// How many customer companies the demo has: the eight named ones and generated ones up to this number.
    [Range(8, 5_000)]
    public int DemoCustomers { get; set; } = 200;

    public string ResolveDataPath(string contentRoot) => Path.GetFullPath(Path.Combine(contentRoot, DataPath));
}
