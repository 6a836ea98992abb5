using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Care.Journeys;
using Portal.Customers;
using Portal.Identity;
using Portal.Sales;
using Portal.Segmentation;
using Portal.Tests.Infrastructure;
using Portal.Tests.Reordering;

namespace Portal.Tests.Care;

/// The real app with its SMTP server, the journeys' worker running every 200 ms of real time while the test moves
/// "now" by days. The care plan's worker is off, so the only tasks are the journeys'.
public class JourneyPortal : MailTestPortal
{
    public const int IntervalMilliseconds = 200;

    public JourneyPortal() : this(DatabaseKind.Sqlite, seedDemo: true)
    {
    }

    protected JourneyPortal(DatabaseKind kind, bool seedDemo, string? sharedDatabase = null, TestSmtpServer? smtp = null, SettableClock? clock = null)
        : base(kind, seedDemo, sharedDatabase, smtp)
    {
        Clock = clock ?? new SettableClock(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        With("Mail:PublicUrl", "https://portal.example");
        With("Journeys:Interval", TimeSpan.FromMilliseconds(IntervalMilliseconds).ToString());
        With("CarePlan:Enabled", "false");
    }

    public SettableClock Clock { get; }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
    }
}

/// Instances on one PostgreSQL database sharing an SMTP server and a clock.
public sealed class PostgresJourneyPortal(string database, SettableClock clock, TestSmtpServer? smtp = null)
    : JourneyPortal(DatabaseKind.Postgres, seedDemo: true, database, smtp, clock);

/// A small customer of the test's own: a rep, a buyer with a portal account, a contact person without one, and
/// two earlier phone orders of two pack sizes (its "top articles").
public sealed record CareCustomer(int Id, string Number, string RepId, string RepEmail, string BuyerEmail, string ContactEmail);

public static class JourneyDriver
{
    public static async Task<CareCustomer> NewCareCustomerAsync(this PortalFactory portal, SettableClock clock)
    {
        var number = $"J{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        var repEmail = $"rep-{number}@portal.example".ToLowerInvariant();
        var rep = await portal.CreateUserAsync(repEmail, null, Roles.InsideSales, displayName: "Rita Rep");
        var id = await portal.CreateCustomerAsync(number, $"Journey test {number}", Segment.C, creditLimit: 5_000m, deliveryTo: "Test");
        var buyerEmail = $"buyer-{number}@test.example".ToLowerInvariant();
        await portal.CreateUserAsync(buyerEmail, id, displayName: "Bea Buyer");
        var contactEmail = $"contact-{number}@test.example".ToLowerInvariant();
        await portal.WithDbAsync(async db =>
        {
            await db.Customers.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.AssignedRepId, rep.Id));
            db.CustomerContacts.Add(new CustomerContact { CustomerId = id, Name = "Carl Contact", Email = contactEmail, Language = "en" });
            return await db.SaveChangesAsync();
        });
        var now = clock.GetUtcNow();
        foreach (var daysAgo in new[] { 60, 30 })
        {
            await portal.SeedOrderAsync(id, number, now.AddDays(-daysAgo), (ShopDriver.WallPaint2L5, 6), (ShopDriver.WallPaint1L, 3));
        }

        return new CareCustomer(id, number, rep.Id, repEmail, buyerEmail, contactEmail);
    }

    public static Task<long> ActionAsync(this PortalFactory portal, CareCustomer customer, SegmentationActionKind kind, SettableClock clock) =>
        portal.WithDbAsync(async db =>
        {
            var action = new SegmentationAction { CustomerId = customer.Id, Kind = kind, Reason = "test", CreatedAt = clock.GetUtcNow(), Status = SegmentationActionStatus.Open };
            db.SegmentationActions.Add(action);
            await db.SaveChangesAsync();
            return action.Id;
        });

    public static Task<int> JourneyIdAsync(this PortalFactory portal, string key) =>
        portal.WithDbAsync(db => db.Journeys.Where(j => j.Key == key).Select(j => j.Id).SingleAsync());

    public static Task<JourneyEnrolment?> EnrolmentAsync(this PortalFactory portal, CareCustomer customer, string key) =>
        portal.WithDbAsync(db => db.JourneyEnrolments.AsNoTracking().Where(e => e.CustomerId == customer.Id && e.Journey!.Key == key).OrderByDescending(e => e.Id).FirstOrDefaultAsync());

    public static Task<List<CareTask>> TasksAsync(this PortalFactory portal, CareCustomer customer) =>
        portal.WithDbAsync(db => db.CareTasks.AsNoTracking().Where(t => t.CustomerId == customer.Id).ToListAsync());

    /// Waits until the worker brought the customer's enrolment to the given step or status.
    public static Task UntilAsync(this PortalFactory portal, CareCustomer customer, string key, Func<JourneyEnrolment, bool> state, string what) =>
        Eventually.TrueAsync(async () => await portal.EnrolmentAsync(customer, key) is { } e && state(e), what);
}
