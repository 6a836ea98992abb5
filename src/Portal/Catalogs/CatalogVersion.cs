using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Customers;
using Portal.Data;
using Portal.Pricing;

namespace Portal.Catalogs;

/// The one row every instance reads to know whether its CatalogCache is still current. Whatever changes what the shop
/// shows from the cache (products, pack sizes and their stock, categories, catalogs and their assignments, price
/// lists and their entries, a customer's class or own price list) writes a new random Stamp in the same SaveChanges,
/// so the stamp can never say "current" for data that is not committed yet.
public sealed class CatalogVersion
{
    public const int SingleId = 1;

    public int Id { get; set; }
    public long Stamp { get; set; }

    /// For writes that bypass the change tracker (ExecuteUpdate): the stamp changes with the caller's next
    /// SaveChanges, in its transaction.
    public static void MarkChanged(PortalDbContext db) => Touch(db);

    internal static void Touch(DbContext db)
    {
        // Looking for the tracked row must not run another DetectChanges over every tracked entity.
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var entry = db.ChangeTracker.Entries<CatalogVersion>().FirstOrDefault()
                ?? db.Attach(new CatalogVersion { Id = SingleId });
            entry.Entity.Stamp = Random.Shared.NextInt64(1, long.MaxValue);
            entry.Property(v => v.Stamp).IsModified = true;
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }
}

internal sealed class CatalogVersionConfiguration : IEntityTypeConfiguration<CatalogVersion>
{
    public void Configure(EntityTypeBuilder<CatalogVersion> builder)
    {
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.HasData(new CatalogVersion { Id = CatalogVersion.SingleId, Stamp = 1 });
    }
}

/// Writes the new stamp along with every change the CatalogCache depends on, and tells this instance's cache at once
/// once the change is committed (other instances notice the stamp within CatalogCache.CheckInterval).
/// Reading the entries runs DetectChanges where the context detects changes automatically (EF runs it again right
/// after); contexts that detect changes themselves (the imports, stock batches) have done so already.
internal sealed class CatalogChangeInterceptor(CatalogCache cache) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly HashSet<Type> CachedTypes =
        [typeof(Product), typeof(PackSize), typeof(Category), typeof(Catalog), typeof(CatalogItem), typeof(CatalogAssignment), typeof(PriceList), typeof(PriceListEntry)];

    // Contexts between SavingChanges and SavedChanges of a save that changes the stamp, and contexts with such a
    // save inside a transaction that is not committed yet.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> saving = [];
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> pending = [];

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        RolledBack(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => RolledBack(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData.Context);

    private void Stamp(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var changed = false;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            if (entry.Entity is CatalogVersion || CachedTypes.Contains(entry.Entity.GetType()) || CustomerTermsChanged(entry))
            {
                changed = true;
                break;
            }
        }

        if (changed)
        {
            CatalogVersion.Touch(context);
            saving.AddOrUpdate(context, this);
        }
    }

    // A customer's class decides its catalogs and its segment's price list; PriceListId is its own list.
    private static bool CustomerTermsChanged(EntityEntry entry) =>
        entry.Entity is Customer && (entry.State == EntityState.Deleted
            || (entry.State == EntityState.Modified && (entry.Property(nameof(Customer.Segment)).IsModified || entry.Property(nameof(Customer.PriceListId)).IsModified)));

    private void Saved(DbContext? context)
    {
        if (context is null || !saving.Remove(context))
        {
            return;
        }

        if (context.Database.CurrentTransaction is null)
        {
            cache.Invalidate();
        }
        else
        {
            pending.AddOrUpdate(context, this);
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && pending.Remove(context))
        {
            cache.Invalidate();
        }
    }

    private void Failed(DbContext? context)
    {
        if (context is not null)
        {
            saving.Remove(context);
        }
    }

    private void RolledBack(DbContext? context)
    {
        if (context is not null)
        {
            pending.Remove(context);
        }
    }
}
