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
    /// between classes on the first start.
    [Range(0, 36)]
    public int DemoHistoryMonths { get; set; } = 12;

    public string ResolveDataPath(string contentRoot) => Path.GetFullPath(Path.Combine(contentRoot, DataPath));
}
