using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Portal.Data;
using Portal.Identity;
using Portal.Web;

namespace Portal.ProductManagement;

/// One changed field of an audited item; values are already formatted for reading (null shows as "—").
public sealed record FieldChange(string Field, string? Old, string? New);

public sealed record AuditHistory(string ItemType, string ItemKey, Paged<AuditEntry> Entries);

/// Writes AuditEntry rows into the caller's unit of work. Usage in a handler:
///   product.Name = input.Name;                       // change tracked entities as usual
///   audit.RecordChanges(product, AuditItemTypes.Product, product.Name);
///   await audit.SaveChangesAsync(ct);                // instead of db.SaveChangesAsync: change and entry commit together
/// Items created in this unit of work get their id only when saved, so their entry is completed then, inside one
/// transaction; db.SaveChangesAsync with such an entry still pending throws rather than lose it.
public sealed class AuditTrail
{
    private readonly PortalDbContext db;
    private readonly TimeProvider time;
    private readonly List<(AuditEntry Entry, EntityEntry Item)> pendingKeys = [];
    private (string? UserId, string Name)? actor;
    private bool saving;

    public AuditTrail(PortalDbContext db, IHttpContextAccessor http, TimeProvider time)
    {
        this.db = db;
        this.time = time;
        if (http.HttpContext?.User is { Identity.IsAuthenticated: true } user)
        {
            actor = (user.FindFirstValue(ClaimTypes.NameIdentifier), user.FindFirstValue(PortalClaims.DisplayName) ?? user.Identity?.Name ?? "?");
        }

        db.SavingChanges += (_, _) =>
        {
            if (!saving && pendingKeys.Count > 0)
            {
                throw new InvalidOperationException("Audit entries for new items are pending: save with AuditTrail.SaveChangesAsync so they get the new ids.");
            }
        };
    }

    /// Who the entries are written for when there is no signed-in user (command line, jobs, tests).
    public AuditTrail As(string? userId, string name)
    {
        actor = (userId, name);
        return this;
    }

    /// Records an entry with changes the caller describes (e.g. price rows of a list, items put into a catalog).
    public AuditEntry Record(string itemType, string itemKey, string itemName, AuditAction action, IEnumerable<FieldChange> changes)
    {
        var entry = NewEntry(itemType, itemName, action, changes);
        entry.ItemKey = itemKey;
        db.Add(entry);
        return entry;
    }

    /// Records what EF's change tracker knows about a tracked entity: all values when it is new, old → new of each
    /// modified property otherwise, nothing when nothing changed. An IsActive that flips makes the entry a
    /// deactivation or reactivation. Extra changes (e.g. of child rows) can be added.
    public AuditEntry? RecordChanges(object entity, string itemType, string itemName, IEnumerable<FieldChange>? extra = null)
    {
        db.ChangeTracker.DetectChanges();
        return RecordDetectedChanges(entity, itemType, itemName, extra);
    }

    /// RecordChanges for many items at once (an import batch): the caller has run DetectChanges after its last
    /// change, which RecordChanges would otherwise repeat over every tracked row for each item.
    public AuditEntry? RecordDetectedChanges(object entity, string itemType, string itemName, IEnumerable<FieldChange>? extra = null)
    {
        var item = db.Entry(entity);
        var changes = Describe(item).Concat(extra ?? []).ToList();
        var action = item.State switch
        {
            EntityState.Added => AuditAction.Created,
            EntityState.Deleted => AuditAction.Deleted,
            _ when item.Metadata.FindProperty("IsActive") is not null && item.Property("IsActive").IsModified =>
                (bool)item.Property("IsActive").CurrentValue! ? AuditAction.Reactivated : AuditAction.Deactivated,
            _ => AuditAction.Changed,
        };
        if (changes.Count == 0 && action == AuditAction.Changed)
        {
            return null;
        }

        var entry = NewEntry(itemType, itemName, action, changes);
        if (item.State == EntityState.Added)
        {
            pendingKeys.Add((entry, item));
        }
        else
        {
            entry.ItemKey = KeyOf(item);
            db.Add(entry);
        }

        return entry;
    }

    /// Forgets entries of new items not saved yet (after the caller cleared the change tracker on a rejected row).
    public void Discard() => pendingKeys.Clear();

    public async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        saving = true;
        try
        {
            if (pendingKeys.Count == 0)
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }

            var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            await using (own)
            {
                await db.SaveChangesAsync(cancellationToken);
                foreach (var (entry, item) in pendingKeys)
                {
                    entry.ItemKey = KeyOf(item);
                    db.Add(entry);
                }

                pendingKeys.Clear();
                await db.SaveChangesAsync(cancellationToken);
                if (own is not null)
                {
                    await own.CommitAsync(cancellationToken);
                }
            }
        }
        finally
        {
            saving = false;
        }
    }

    /// The latest entries of one item, for the history beside its edit form (partial _AuditHistory); the full
    /// list pages at /pm/audit?type=…&key=….
    public async Task<AuditHistory> HistoryAsync(string itemType, string itemKey, CancellationToken cancellationToken, int latest = 10) =>
        new(itemType, itemKey, await db.AuditEntries.AsNoTracking()
            .Where(e => e.ItemType == itemType && e.ItemKey == itemKey)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .ToPagedAsync(1, latest, cancellationToken));

    public static string Format(object? value) => value switch
    {
        null => "—",
        string s => s.Length == 0 ? "—" : s,
        bool b => b ? "yes" : "no",
        decimal d => d.ToString("0.####", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "—",
    };

    /// "Field: old → new" per line; a created item lists its values as "Field: → value".
    public static string Join(IEnumerable<FieldChange> changes) =>
        string.Join('\n', changes.Select(c => $"{c.Field}: {c.Old ?? "—"} → {c.New ?? "—"}"));

    /// Splits a stored Changes text back into its fields for display.
    /// A recorded field as people read it (the English text is the translation key): "IsActive" is "Active".
    /// Fields are recorded under their property names, so that the history stays stable when a label changes.
    public static string FieldLabel(string field) => FieldLabels.GetValueOrDefault(field, field);

    private static readonly Dictionary<string, string> FieldLabels = new(StringComparer.Ordinal)
    {
        ["Sku"] = "SKU",
        ["Name"] = "Name",
        ["NameDe"] = "Name (German)",
        ["Description"] = "Description",
        ["DescriptionDe"] = "Description (German)",
        ["IsActive"] = "Active",
        ["CategoryId"] = "Category",
        ["BaseUnit"] = "Base unit",
        ["TaxRate"] = "VAT rate",
        ["Manufacturer"] = "Manufacturer",
        ["ImageFile"] = "Picture",
        ["ProductId"] = "Product",
        ["UnitsPerPack"] = "Units per pack",
        ["IsSmallPack"] = "Small pack",
        ["Gtin"] = "GTIN",
        ["WeightKg"] = "Weight (kg)",
        ["CostPrice"] = "Cost price",
        ["LeadTimeDays"] = "Lead time (days)",
        ["StockQuantity"] = "Stock (packs)",
        ["RestockDays"] = "Restock (days)",
        ["Code"] = "Code",
        ["Kind"] = "Kind",
        ["SortOrder"] = "Position",
        ["Email"] = "E-mail",
        ["Segment"] = "Segment",
        ["Currency"] = "Currency",
        ["ValidFrom"] = "Valid from",
        ["ValidTo"] = "Valid until",
        ["CustomerId"] = "Customer",
        ["MinimumOrderValue"] = "Minimum order value",
        ["SmallOrderThreshold"] = "Small-order threshold",
        ["SmallOrderSurcharge"] = "Small-order surcharge",
        ["FreeDeliveryThreshold"] = "Free delivery from",
        ["PaymentMethods"] = "Payment methods",
    };

    public static IReadOnlyList<FieldChange> Split(string changes) =>
        changes.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line =>
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                var arrow = line.IndexOf(" → ", StringComparison.Ordinal);
                return colon < 0 || arrow < colon
                    ? new FieldChange("", null, line)
                    : new FieldChange(line[..colon], line[(colon + 2)..arrow], line[(arrow + 3)..]);
            })
            .ToList();

    private AuditEntry NewEntry(string itemType, string itemName, AuditAction action, IEnumerable<FieldChange> changes)
    {
        var text = Join(changes);
        return new AuditEntry
        {
            At = time.GetUtcNow(),
            UserId = actor?.UserId,
            UserName = actor?.Name ?? "System",
            ItemType = itemType,
            ItemKey = "",
            ItemName = itemName.Length > 300 ? itemName[..300] : itemName,
            Action = action,
            Changes = text.Length > 8000 ? text[..7990] + "\n…" : text,
        };
    }

    private static IEnumerable<FieldChange> Describe(EntityEntry item)
    {
        foreach (var property in item.Properties)
        {
            var meta = property.Metadata;
            if (meta.IsPrimaryKey() || meta.IsShadowProperty() || meta.Name == "SearchText")
            {
                continue;
            }

            if (item.State == EntityState.Added)
            {
                if (property.CurrentValue is not null && !(property.CurrentValue is string { Length: 0 }))
                {
                    yield return new FieldChange(meta.Name, null, Format(property.CurrentValue));
                }
            }
            else if (item.State == EntityState.Modified && property.IsModified && !Equals(property.OriginalValue, property.CurrentValue))
            {
                yield return new FieldChange(meta.Name, Format(property.OriginalValue), Format(property.CurrentValue));
            }
        }
    }

    private static string KeyOf(EntityEntry item) =>
        string.Join('-', item.Metadata.FindPrimaryKey()!.Properties.Select(p => Format(item.Property(p.Name).CurrentValue)));
}
