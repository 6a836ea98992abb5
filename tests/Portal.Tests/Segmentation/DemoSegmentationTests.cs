using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Localization;
using Portal.Segmentation;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Segmentation;

/// The demo tells a story (Kunz is a small customer, Albrecht a key account); the first nightly run must not
/// contradict it, so every demo customer's seeded segment is what the segmentation computes from its history.
public sealed class DemoSegmentationTests
{
    [Fact]
    public async Task A_run_over_the_fresh_demo_confirms_every_customers_segment()
    {
        await using var portal = new PortalFactory();
        var seeded = await portal.WithDbAsync(db => db.Customers.AsNoTracking().ToDictionaryAsync(c => c.Number, c => c.Segment));
        await using var scope = portal.Services.CreateAsyncScope();

        var outcome = await scope.ServiceProvider.GetRequiredService<SegmentationRunner>()
            .RunAsync(new SegmentationRequest(Dates.BusinessToday(TimeProvider.System), DryRun: true), null, default);

        Assert.Equal(seeded.Count, outcome.Rows.Count);
        Assert.All(outcome.Rows, row => Assert.True(seeded[row.Number] == row.Effective, $"{row.Number}: seeded {seeded[row.Number]}, computed {row.Effective}"));
        Assert.Contains(outcome.Rows, row => row.Number == "10001" && row.Effective == Portal.Customers.Segment.C);
    }
}
