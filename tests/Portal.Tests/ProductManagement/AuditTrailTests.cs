using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Catalogs;
using Portal.Data;
using Portal.ProductManagement;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ProductManagement;

public sealed class AuditTrailTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    private async Task<T> InScopeAsync<T>(Func<PortalDbContext, AuditTrail, Task<T>> action)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>().As("test-user", "Paula Prüfer");
        return await action(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), audit);
    }

    [Fact]
    public async Task A_new_item_gets_an_entry_with_its_new_id_and_its_values()
    {
        var productId = await InScopeAsync(async (db, audit) =>
        {
            var category = await db.Categories.FirstAsync();
            var product = new Product { Name = "Audit test primer", BaseUnit = "l", CategoryId = category.Id, TaxRate = 0.19m };
            db.Products.Add(product);
            audit.RecordChanges(product, AuditItemTypes.Product, product.Name);
            await audit.SaveChangesAsync(default);
            return product.Id;
        });

        var entry = await portal.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.ItemType == AuditItemTypes.Product && e.ItemKey == productId.ToString()));
        Assert.Equal(AuditAction.Created, entry.Action);
        Assert.Equal("Paula Prüfer", entry.UserName);
        Assert.Equal("test-user", entry.UserId);
        Assert.Contains("Name: — → Audit test primer", entry.Changes);
        Assert.Contains("TaxRate: — → 0.19", entry.Changes);
    }

    [Fact]
    public async Task A_change_records_old_and_new_per_field_and_a_deactivation_says_so()
    {
        var (packId, _) = await portal.PackAsync(ShopDriver.WallPaint2L5);
        await InScopeAsync(async (db, audit) =>
        {
            var pack = await db.PackSizes.SingleAsync(p => p.Id == packId);
            pack.LeadTimeDays = 4;
            pack.CostPrice = 7.5m;
            audit.RecordChanges(pack, AuditItemTypes.PackSize, pack.Name);
            await audit.SaveChangesAsync(default);
            pack.IsActive = false;
            audit.RecordChanges(pack, AuditItemTypes.PackSize, pack.Name);
            await audit.SaveChangesAsync(default);
            return 0;
        });

        var entries = await portal.WithDbAsync(db => db.AuditEntries.Where(e => e.ItemType == AuditItemTypes.PackSize && e.ItemKey == packId.ToString()).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(AuditAction.Changed, entries[0].Action);
        var changes = AuditTrail.Split(entries[0].Changes);
        Assert.Contains(new FieldChange("LeadTimeDays", "1", "4"), changes);
        Assert.Contains(changes, c => c.Field == "CostPrice" && c.New == "7.5");
        Assert.Equal(AuditAction.Deactivated, entries[1].Action);
        Assert.Contains("IsActive: yes → no", entries[1].Changes);
    }

    [Fact]
    public async Task Nothing_changed_records_nothing_and_a_failed_save_leaves_no_entry()
    {
        var (packId, _) = await portal.PackAsync(ShopDriver.WallPaint1L);
        var before = await portal.WithDbAsync(db => db.AuditEntries.CountAsync());
        await InScopeAsync(async (db, audit) =>
        {
            var pack = await db.PackSizes.SingleAsync(p => p.Id == packId);
            Assert.Null(audit.RecordChanges(pack, AuditItemTypes.PackSize, pack.Name));

            // A duplicate SKU fails on the unique index: the pack's change and its audit entry roll back together.
            var product = await db.Products.SingleAsync(p => p.Id == pack.ProductId);
            var copy = new PackSize { ProductId = product.Id, Sku = pack.Sku, Name = "Duplicate" };
            db.PackSizes.Add(copy);
            audit.RecordChanges(copy, AuditItemTypes.PackSize, copy.Name);
            await Assert.ThrowsAsync<DbUpdateException>(() => audit.SaveChangesAsync(default));
            return 0;
        });

        Assert.Equal(before, await portal.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task Saving_a_new_items_entry_past_the_audit_trail_is_refused()
    {
        await InScopeAsync(async (db, audit) =>
        {
            var category = await db.Categories.FirstAsync();
            var product = new Product { Name = "Unsaved audit", BaseUnit = "l", CategoryId = category.Id };
            db.Products.Add(product);
            audit.RecordChanges(product, AuditItemTypes.Product, product.Name);
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            return 0;
        });
    }

    [Fact]
    public async Task The_change_history_page_lists_entries_of_one_item_for_the_product_manager()
    {
        var (packId, _) = await portal.PackAsync(ShopDriver.WallPaint1L);
        await InScopeAsync(async (db, audit) =>
        {
            audit.Record(AuditItemTypes.PackSize, packId.ToString(), "Bucket 1 l", AuditAction.Changed, [new FieldChange("Price SMALL", "4.83", "4.89")]);
            await audit.SaveChangesAsync(default);
            return 0;
        });
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);

        var page = await pm.GetDocumentAsync($"/pm/audit?type=PackSize&key={packId}");

        var entry = page.QuerySelector(".audit-entry")!;
        Assert.Contains("Paula Prüfer", entry.TextContent);
        Assert.Equal("4.83", entry.QuerySelector("del")!.TextContent);
        Assert.Equal("4.89", entry.QuerySelector("ins")!.TextContent);
    }

    [Fact]
    public async Task Every_field_the_audit_trail_records_has_a_label_in_both_languages()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var t = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
        Type[] audited = [typeof(Product), typeof(PackSize), typeof(Catalog), typeof(Portal.ServiceModules.ServiceModule), typeof(Portal.ServiceModules.Partner), typeof(Portal.Pricing.PriceList), typeof(Portal.Ordering.SegmentRule)];
        var fields = audited.SelectMany(type => db.Model.FindEntityType(type)!.GetProperties())
            .Where(p => !p.IsPrimaryKey() && !p.IsShadowProperty() && p.Name != "SearchText")
            .Select(p => p.Name).Distinct().ToList();

        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("de");
        try
        {
            var unlabelled = fields.Where(f => System.Text.RegularExpressions.Regex.IsMatch(AuditTrail.FieldLabel(f), "^[A-Z][a-z]+[A-Z]")).ToList();
            var untranslated = fields.Where(f => t[AuditTrail.FieldLabel(f)].ResourceNotFound).ToList();

            Assert.True(unlabelled.Count == 0, "Raw field names: " + string.Join(", ", unlabelled));
            Assert.True(untranslated.Count == 0, "No German label: " + string.Join(", ", untranslated));
            Assert.Equal("Aktiv", t[AuditTrail.FieldLabel("IsActive")].Value);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }
}
