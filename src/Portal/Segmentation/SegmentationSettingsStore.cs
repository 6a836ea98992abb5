using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Segmentation;

/// The admin-edited settings: one JSON row; without it (or for a setting it does not name) the defaults in code.
public sealed class SegmentationSettingsStore(PortalDbContext db, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() }, WriteIndented = true };

    public async Task<SegmentationSettings> LoadAsync(CancellationToken cancellationToken)
    {
        var json = await db.SegmentationSettings.AsNoTracking()
            .Where(s => s.Id == SegmentationSettingsRecord.SingletonId)
            .Select(s => s.Json)
            .FirstOrDefaultAsync(cancellationToken);
        return json is null ? new SegmentationSettings() : JsonSerializer.Deserialize<SegmentationSettings>(json, Json) ?? new SegmentationSettings();
    }

    public async Task SaveAsync(SegmentationSettings settings, string? user, CancellationToken cancellationToken)
    {
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidSegmentationSettingsException(problems);
        }

        var record = await db.SegmentationSettings.FirstOrDefaultAsync(s => s.Id == SegmentationSettingsRecord.SingletonId, cancellationToken);
        if (record is null)
        {
            record = new SegmentationSettingsRecord { Json = "" };
            db.SegmentationSettings.Add(record);
        }

        record.Json = JsonSerializer.Serialize(settings, Json);
        record.UpdatedAt = time.GetUtcNow();
        record.UpdatedBy = user;
        await db.SaveChangesAsync(cancellationToken);
    }
}
