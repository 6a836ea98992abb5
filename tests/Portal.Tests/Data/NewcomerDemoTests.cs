using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Ordering;
using Portal.Sales;
using Portal.Segmentation;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Data;

/// The demo exactly as a newcomer's first start seeds it: about 200 customers, two years of history with the
/// portal's launch 15 months ago, and the segmentation backfilled month by month.
public sealed class NewcomerDemoPortal : PortalFactory
{
    public NewcomerDemoPortal()
    {
        // The application's defaults (PortalOptions), which the other tests' factory narrows to the eight named
        // companies without history runs.
        With("Portal:DemoCustomers", "200");
        With("Portal:DemoHistoryMonths", "24");
    }
}

public sealed class NewcomerDemoTests(NewcomerDemoPortal portal) : IClassFixture<NewcomerDemoPortal>
{
    [Fact]
    public async Task The_demo_has_about_200_customers_with_the_named_companies_as_they_were()
    {
        var customers = await portal.WithDbAsync(db => db.Customers.AsNoTracking().ToDictionaryAsync(c => c.Number, c => c.Name));

        Assert.Equal(200, customers.Count);
        Assert.Equal("Malerbetrieb Kunz", customers["10001"]);
        Assert.Equal("Hotel am Schlossberg", customers["10008"]);
        Assert.Equal(customers.Count, customers.Values.Distinct().Count());
    }

    [Fact]
    public async Task Revenue_is_concentrated_on_few_customers_as_in_a_real_wholesale_base()
    {
        var yearAgo = DateTimeOffset.UtcNow.AddYears(-1);
        var revenue = (await portal.WithDbAsync(db => db.OrderLines.AsNoTracking()
                .Join(db.Orders.Where(o => o.Status != OrderStatus.Cancelled), l => l.OrderId, o => o.Id, (l, o) => new { o.CustomerId, o.PlacedAt, l.LineNet })
                .ToListAsync()))
            .Where(l => l.PlacedAt >= yearAgo)
            .GroupBy(l => l.CustomerId).Select(g => g.Sum(l => l.LineNet)).OrderByDescending(r => r).ToList();

        // Pareto: the top fifth of the customers carries most of the revenue (with the named key account Albrecht
        // ordering pallets every week, around nine tenths), yet not all of it.
        var topFifth = revenue.Take(revenue.Count / 5).Sum() / revenue.Sum();
        Assert.InRange(topFifth, 0.70m, 0.97m);
    }

    [Fact]
    public async Task The_small_customers_phone_share_falls_from_about_80_percent_at_the_launch_to_about_a_quarter()
    {
        var admin = await portal.SignedInAsync(DemoPortal.Admin);

        var csv = await admin.Http.GetStringAsync("/insights/export?report=monthly&months=24");

        var c = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(','))
            .Where(f => f[1] == "C").Select(f => (Month: f[0], Orders: int.Parse(f[2], CultureInfo.InvariantCulture), Touchless: int.Parse(f[3], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(24, c.Count);
        double Rate(IEnumerable<(string Month, int Orders, int Touchless)> months) => (double)months.Sum(m => m.Touchless) / months.Sum(m => m.Orders);

        // Before the launch nothing was touchless; the first three months after it about a fifth; the last three
        // full months most of them (escalations keep the rate under the self-service share).
        // The window ends with the current month; the launch was 15 months ago.
        var launch = 23 - 15;
        Assert.True(Rate(c.Take(launch)) == 0, csv);
        Assert.InRange(Rate(c.Skip(launch).Take(3)), 0.10, 0.40);
        Assert.InRange(Rate(c.Skip(20).Take(3)), 0.60, 0.85);
    }

    [Fact]
    public async Task The_first_start_shows_segments_figures_actions_care_tasks_and_contacts()
    {
        var (figures, bySegment, actions, tasks, calls, visits, settled) = await portal.WithDbAsync(async db =>
        {
            var latest = await db.SegmentationRuns.Where(r => r.Status == SegmentationRunStatus.Completed).MaxAsync(r => r.Id);
            return (
                await db.CustomerFigures.CountAsync(),
                await db.Customers.GroupBy(c => c.Segment).ToDictionaryAsync(g => g.Key, g => g.Count()),
                await db.SegmentationActions.CountAsync(),
                await db.CareTasks.CountAsync(),
                await db.Touches.CountAsync(t => t.Kind == TouchKind.Call),
                await db.Touches.CountAsync(t => t.Kind == TouchKind.Visit),
                await db.Escalations.CountAsync(e => e.Status == EscalationStatus.Resolved));
        });

        Assert.Equal(200, figures);
        // Most customers are small ones, a handful are key accounts.
        Assert.True(bySegment[Segment.C] >= 110 && bySegment[Segment.B] > bySegment[Segment.A] && bySegment[Segment.A] >= 5,
            $"classes: {string.Join(", ", bySegment.Select(s => $"{s.Key} {s.Value}"))}");
        Assert.True(actions > 0 && tasks > 0, $"{actions} actions, {tasks} care tasks");
        // Believable rates over two years: reps call and visit, inside sales settles what self-service could not.
        Assert.InRange(calls, 400, 2_000);
        Assert.InRange(visits, 50, 600);
        Assert.InRange(settled, 50, 500);
    }

    [Fact]
    public async Task The_demo_buyer_finds_frequently_ordered_articles_and_the_cockpit_a_migration_between_runs()
    {
        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);
        var frequent = await buyer.GetDocumentAsync("/shop/reorder-lists/frequent");
        var items = frequent.QuerySelectorAll("[data-testid=frequent] tbody tr").Length;
        Assert.True(items >= 3, $"{items} frequently ordered: {frequent.QuerySelector("[data-testid=frequent]")?.TextContent}");

        var admin = await portal.SignedInAsync(DemoPortal.Admin);
        var moves = await admin.Http.GetStringAsync("/insights/export?report=migration");
        Assert.True(moves.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1, moves);
        var runs = await portal.WithDbAsync(db => db.SegmentationRuns.CountAsync(r => r.Status == SegmentationRunStatus.Completed));
        Assert.Equal(25, runs);
    }
}
