using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Segmentation;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Sales;

public sealed class CustomerCareTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    private async Task<(int Id, string Number)> CustomerAsync(decimal? potential = null)
    {
        var number = $"P{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        var id = await portal.WithDbAsync(async db =>
        {
            var customer = new Customer { Number = number, Name = $"Potential test {number}", Potential = potential };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            return customer.Id;
        });
        return (id, number);
    }

    [Fact]
    public async Task A_new_potential_with_its_reason_is_stored_shown_and_used_by_the_next_segmentation_run()
    {
        var (id, number) = await CustomerAsync();
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);
        var page = await clerk.GetDocumentAsync($"/sales/customers/{number}");

        var response = await clerk.SubmitAsync(page, "[data-testid=potential-form]", new Dictionary<string, string>
        {
            ["Potential.Amount"] = "60,000",
            ["Potential.Reason"] = "Takes over the painting of the new hospital wing.",
        });

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, string.Join(" / ", (await HtmlClient.ParseAsync(response)).QuerySelectorAll(".field-error, .alert").Select(e => e.OuterHtml)));
        HtmlClient.AssertRedirect(response, $"/sales/customers/{number}");
        Assert.Equal(60_000m, await portal.WithDbAsync(db => db.Customers.Where(c => c.Id == id).Select(c => c.Potential).SingleAsync()));
        var change = await portal.WithDbAsync(db => db.PotentialChanges.SingleAsync(p => p.CustomerId == id));
        Assert.Null(change.From);
        Assert.Equal(60_000m, change.To);
        Assert.Equal("Takes over the painting of the new hospital wing.", change.Reason);
        Assert.Equal("Sabine Vogel", change.ChangedBy);
        var after = await clerk.GetDocumentAsync($"/sales/customers/{number}");
        Assert.Contains("hospital wing", after.QuerySelector("[data-testid=potential-history]")!.TextContent);
        Assert.Contains(after.QuerySelectorAll("[data-testid=timeline] li[data-kind=Potential]"), li => li.TextContent.Contains("hospital wing", StringComparison.Ordinal));

        // The next run classifies on the potential: 60,000 reaches the key-account threshold, with no revenue yet.
        var today = Portal.Localization.Dates.BusinessToday(TimeProvider.System);
        await portal.WithScopeAsync<SegmentationRunner>(runner => runner.RunAsync(new SegmentationRequest(today), null, default));
        var figures = await portal.WithDbAsync(db => db.CustomerFigures.SingleAsync(f => f.CustomerId == id));
        Assert.Equal(60_000m, figures.KnownPotential);
        Assert.Equal(Segment.A, figures.ComputedSegment);
        Assert.Equal(Strategy.Develop, figures.Strategy);
        var view = await clerk.GetDocumentAsync($"/sales/customers/{number}");
        Assert.Equal("Develop", view.QuerySelector("[data-testid=strategy]")!.TextContent.Trim());
        Assert.Contains("calls a year", view.QuerySelector("[data-testid=care-intensity]")!.TextContent);
        Assert.NotNull(view.QuerySelector("[data-testid=class-history]"));
    }

    [Theory]
    [InlineData("-5", "Reason", "cannot be negative")]
    [InlineData("viel", "Reason", "Please enter an amount")]
    [InlineData("999,999,999", "Reason", "cannot be more than")]
    [InlineData("20,000", "", "Please give a reason")]
    public async Task A_bad_potential_or_a_missing_reason_is_refused_and_the_input_kept(string amount, string reason, string message)
    {
        var (id, number) = await CustomerAsync(potential: 5_000m);
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);
        var page = await clerk.GetDocumentAsync($"/sales/customers/{number}");

        var response = await clerk.SubmitAsync(page, "[data-testid=potential-form]", new Dictionary<string, string> { ["Potential.Amount"] = amount, ["Potential.Reason"] = reason });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var back = await HtmlClient.ParseAsync(response);
        Assert.Contains(back.QuerySelectorAll("[data-testid=potential-form] .field-error"), e => e.TextContent.Contains(message, StringComparison.Ordinal));
        Assert.Equal(amount, back.QuerySelector("[data-testid=potential-form] input[name='Potential.Amount']")!.GetAttribute("value"));
        Assert.Equal(5_000m, await portal.WithDbAsync(db => db.Customers.Where(c => c.Id == id).Select(c => c.Potential).SingleAsync()));
        Assert.Equal(0, await portal.WithDbAsync(db => db.PotentialChanges.CountAsync(p => p.CustomerId == id)));
    }

    [Fact]
    public async Task In_german_the_potential_is_read_with_german_separators()
    {
        var (id, number) = await CustomerAsync();
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);
        clerk.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var page = await clerk.GetDocumentAsync($"/sales/customers/{number}");
        Assert.Contains("Umsatzpotenzial", page.Body!.TextContent);

        await clerk.SubmitAsync(page, "[data-testid=potential-form]", new Dictionary<string, string> { ["Potential.Amount"] = "12.500,50 €", ["Potential.Reason"] = "Neue Filiale" });

        Assert.Equal(12_500.50m, await portal.WithDbAsync(db => db.Customers.Where(c => c.Id == id).Select(c => c.Potential).SingleAsync()));
    }

    [Fact]
    public async Task The_360_view_shows_revenue_per_month_for_the_last_twelve_months()
    {
        var clerk = await portal.SignedInAsync(DemoPortal.Sales);

        var page = await clerk.GetDocumentAsync("/sales/customers/10001");

        var bars = page.QuerySelectorAll("[data-testid=revenue-trend] g[data-month]");
        Assert.Equal(12, bars.Length);
        var total = bars.Sum(b => decimal.Parse(b.GetAttribute("data-amount")!, System.Globalization.CultureInfo.InvariantCulture));
        var today = Portal.Localization.Dates.BusinessToday(TimeProvider.System);
        var from = Portal.Localization.Dates.StartOfBusinessDay(new DateOnly(today.Year, today.Month, 1).AddMonths(-11));
        var expected = await portal.WithDbAsync(async db => (await db.Orders.Where(o => o.Customer!.Number == "10001" && o.PlacedAt >= from && o.Status != Portal.Ordering.OrderStatus.Cancelled).Select(o => o.SubtotalNet).ToListAsync()).Sum());
        Assert.True(expected > 0);
        Assert.Equal(expected, total);
        Assert.Equal(today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), bars[^1].GetAttribute("data-month"));
    }
}
