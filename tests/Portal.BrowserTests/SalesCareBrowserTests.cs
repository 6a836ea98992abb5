using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.BrowserTests.Infrastructure;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

[Collection(SegmentedBrowserCollection.Name)]
public sealed class SalesCareBrowserTests(BrowserPortal portal)
{
    /// The demo has no segmentation figures until a run; run one (as the nightly would) so the 360° view and the
    /// care plan have something to show. The run brings the care tasks up to date.
    private async Task SegmentAsync()
    {
        // Hotel am Schlossberg could buy far more: developed, with care calls.
        await portal.Factory.WithDbAsync(db => db.Customers.Where(c => c.Number == "10008").ExecuteUpdateAsync(u => u.SetProperty(c => c.Potential, 60_000m)));
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var runs = scope.ServiceProvider.GetRequiredService<Portal.Segmentation.SegmentationRuns>();
        var today = Portal.Localization.Dates.BusinessToday(TimeProvider.System);
        var run = await runs.StartAsync(Portal.Segmentation.SegmentationTrigger.CommandLine, Portal.Segmentation.SegmentationRunStatus.Running, today, null, "browser test", default);
        if (run is not null)
        {
            await runs.ExecuteAsync(run, null, null, failSilently: false, default);
        }
    }

    private async Task InGermanAsync(IPage page)
    {
        await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = "c=de|uic=de", Url = portal.BaseUrl }]);
    }

    [Fact]
    public async Task A_clerk_takes_a_phone_order_from_the_360_view_fixing_a_bad_line_first()
    {
        await SegmentAsync();
        var clerk = await portal.SignedInPageAsync(DemoPortal.Sales);
        await clerk.GotoAsync("/sales/customers/10001");
        await Expect(clerk.GetByTestId("revenue-trend")).ToBeVisibleAsync();
        await clerk.GetByTestId("order-on-behalf").ClickAsync();
        await Expect(clerk.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Order on behalf");

        await clerk.GetByLabel("Article number, row 1", new() { Exact = true }).FillAsync("P110-2");
        await clerk.GetByLabel("Quantity, row 1", new() { Exact = true }).FillAsync("3");
        await clerk.GetByLabel("Article number, row 2", new() { Exact = true }).FillAsync("P999-9");
        await clerk.GetByLabel("Quantity, row 2", new() { Exact = true }).FillAsync("2");
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await Expect(clerk.Locator("tr[data-row='1'] [data-testid=row-error]")).ToHaveTextAsync("Unknown article number.");
        await Expect(clerk.GetByLabel("Article number, row 1", new() { Exact = true })).ToHaveValueAsync("P110-2");
        await clerk.GetByLabel("Article number, row 2", new() { Exact = true }).FillAsync("P110-1");
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Check prices" }).ClickAsync();
        await Expect(clerk.GetByTestId("priced").Locator("tbody tr")).ToHaveCountAsync(2);
        await BrowserPortal.ScreenshotAsync(clerk, "sales-order-on-behalf-desktop");
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await BrowserPortal.ArrivesAtAsync(clerk, url => Regex.IsMatch(url, @"/sales/orders/\d{4}-\d{6}$"), "placing the order");
        var number = Regex.Match(clerk.Url, @"(\d{4}-\d{6})").Value;
        await Expect(clerk.GetByRole(AriaRole.Status)).ToContainTextAsync(number);
        var order = await portal.Factory.WithDbAsync(db => db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == number));
        Assert.Equal(Portal.Ordering.OrderChannel.Phone, order.Channel);
        Assert.Equal(["P110-1", "P110-2"], order.Lines.Select(l => l.Sku).Order().ToArray());
        await Eventually.TrueAsync(() => Task.FromResult(portal.Factory.Smtp.MessagesTo(DemoPortal.Buyer).Any(m => (m.Subject ?? "").Contains(number, StringComparison.Ordinal))), "the buyer gets the confirmation");

        await clerk.GotoAsync("/sales/customers/10001");
        await Expect(clerk.GetByTestId("timeline").Locator("li[data-kind=OrderOnBehalf]").First).ToContainTextAsync(number);
    }

    [Fact]
    public async Task A_rep_completes_a_care_task_from_my_tasks()
    {
        await SegmentAsync();
        var rep = await portal.SignedInPageAsync(DemoPortal.Sales);
        await rep.GotoAsync("/sales");
        await rep.GetByTestId("nav-tasks").ClickAsync();
        await Expect(rep.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("My tasks");
        var first = rep.Locator("[data-testid=tasks] > li").First;
        await Expect(first).ToBeVisibleAsync();
        var taskId = long.Parse(await first.GetAttributeAsync("data-task") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

        await first.GetByLabel("Outcome").FillAsync("Called, will order primer next week.");
        await first.GetByRole(AriaRole.Button, new() { Name = "Complete" }).ClickAsync();

        await Expect(rep.GetByRole(AriaRole.Status)).ToContainTextAsync("The task is done");
        await Expect(rep.Locator($"[data-task='{taskId}']")).ToHaveCountAsync(0);
        var task = await portal.Factory.WithDbAsync(db => db.CareTasks.SingleAsync(t => t.Id == taskId));
        Assert.Equal(Portal.Sales.CareTaskStatus.Done, task.Status);
        Assert.True(await portal.Factory.WithDbAsync(db => db.Touches.AnyAsync(t => t.CustomerId == task.CustomerId && t.Note != null && t.Note.Contains("Called, will order primer"))));
    }

    [Fact]
    public async Task Screens_of_the_360_view_the_phone_order_and_my_tasks_in_german()
    {
        await SegmentAsync();
        foreach (var (viewport, suffix) in new[] { (BrowserPortal.Desktop, "desktop"), (BrowserPortal.Phone, "phone") })
        {
            var page = await portal.SignedInPageAsync(DemoPortal.Sales, viewport);
            await InGermanAsync(page);
            await page.GotoAsync("/sales/customers/10008");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Umsatz pro Monat" })).ToBeVisibleAsync();
            await BrowserPortal.ScreenshotAsync(page, $"sales-care-360-{suffix}");
            await page.GotoAsync("/sales/customers/10008/order");
            await BrowserPortal.ScreenshotAsync(page, $"sales-care-order-{suffix}");
            await page.GotoAsync("/sales/tasks");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Meine Aufgaben");
            await BrowserPortal.ScreenshotAsync(page, $"sales-care-tasks-{suffix}");
            await page.Context.CloseAsync();
        }
    }
}
