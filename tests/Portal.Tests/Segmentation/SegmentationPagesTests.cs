using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Customers;
using Portal.Segmentation;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Segmentation;

/// The staff pages on the demo: the admin's settings and "recompute now" (run by the background worker, its
/// progress polled), the segment overview, a customer's figures, history, actions and override, the upload.
public sealed class SegmentationPagesTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory portal = new PortalFactory(DatabaseKind.Sqlite, seedDemo: true).With("Segmentation:PollInterval", "00:00:00.200");

    public Task InitializeAsync()
    {
        _ = portal.Services;
        return Task.CompletedTask;
    }

    private async Task RecomputeAsync(DateOnly? asOf = null)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var runs = scope.ServiceProvider.GetRequiredService<SegmentationRuns>();
        var run = await runs.StartAsync(SegmentationTrigger.CommandLine, SegmentationRunStatus.Running, asOf ?? Portal.Localization.Dates.BusinessToday(TimeProvider.System), null, "test", default);
        await runs.ExecuteAsync(run!, null, null, failSilently: false, default);
    }

    [Fact]
    public async Task The_admin_recomputes_now_and_the_run_is_done_by_the_worker_with_its_progress_shown()
    {
        var admin = await portal.SignedInAsync(DemoPortal.Admin);
        var page = await admin.GetDocumentAsync("/admin/segmentation");

        Assert.Equal("(2 × 120.00 + 6 × 8.00 + 12 × 25.00) ÷ 0.30 = 1,960.00", page.QuerySelector("[data-testid=threshold-derivation]")!.TextContent.Trim());
        HtmlClient.AssertRedirect(await admin.SubmitAsync(page, "#segmentation-run form", new Dictionary<string, string>()), "/admin/segmentation");

        IElement? run = null;
        for (var attempt = 0; attempt < 150; attempt++)
        {
            var fragment = await admin.GetDocumentAsync("/admin/segmentation?handler=Run");
            run = fragment.QuerySelector("[data-testid=run]");
            if (run?.GetAttribute("data-status") is "Completed" or "Failed")
            {
                break;
            }

            Assert.NotNull(run?.GetAttribute("hx-trigger"));
            await Task.Delay(200);
        }

        Assert.Equal("Completed", run!.GetAttribute("data-status"));
        Assert.Null(run.GetAttribute("hx-trigger"));
        Assert.Contains("8 customers", run.TextContent);
        var overview = await admin.GetDocumentAsync("/sales/segments");
        var counts = overview.QuerySelectorAll("[data-testid=by-class] tbody tr").Select(r => int.Parse(r.Children[1].TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(8, counts.Sum());
        Assert.Equal(8, overview.QuerySelectorAll("[data-testid=customers] tbody tr").Length);
    }

    [Fact]
    public async Task The_admin_changes_settings_the_derivation_follows_and_settings_that_break_the_model_are_refused()
    {
        var admin = await portal.SignedInAsync(DemoPortal.Admin);
        var page = await admin.GetDocumentAsync("/admin/segmentation");

        HtmlClient.AssertRedirect(await admin.SubmitAsync(page, "[data-testid=settings-form]", new Dictionary<string, string> { ["Input.MarginRate"] = "0.25", ["Input.Mode"] = "Pareto" }), "/admin/segmentation");
        var saved = await admin.GetDocumentAsync("/admin/segmentation");
        var refused = await admin.SubmitAsync(saved, "[data-testid=settings-form]", new Dictionary<string, string> { ["Input.ParetoAShare"] = "0.99" });

        Assert.EndsWith("÷ 0.25 = 2,352.00", saved.QuerySelector("[data-testid=threshold-derivation]")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("0 < A share < B share", (await HtmlClient.ParseAsync(refused)).QuerySelector(".alert-error")!.TextContent);
        await using var scope = portal.Services.CreateAsyncScope();
        var settings = await scope.ServiceProvider.GetRequiredService<SegmentationSettingsStore>().LoadAsync(default);
        Assert.Equal((0.25m, SegmentationMode.Pareto, 0.80m), (settings.MarginRate, settings.Mode, settings.ParetoAShare));
    }

    [Fact]
    public async Task Inside_sales_overrides_a_class_with_a_reason_and_sees_the_computed_class_figures_and_history()
    {
        await RecomputeAsync();
        var sales = await portal.SignedInAsync(DemoPortal.Sales);
        var page = await sales.GetDocumentAsync("/sales/segments/10002");
        var computed = await portal.WithDbAsync(db => db.CustomerFigures.Where(f => f.CustomerId == db.Customers.Single(c => c.Number == "10002").Id).Select(f => f.ComputedSegment).SingleAsync());

        Assert.NotNull(page.QuerySelector("[data-figure=cost-to-serve]"));
        var withoutReason = await sales.SubmitAsync(page, "[data-testid=override-form]", new Dictionary<string, string> { ["Input.Segment"] = "C", ["Input.Reason"] = "" });
        Assert.Equal(HttpStatusCode.OK, withoutReason.StatusCode);
        Assert.Contains("Please give a reason", (await HtmlClient.ParseAsync(withoutReason)).QuerySelector(".field-error")!.TextContent);

        var until = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        HtmlClient.AssertRedirect(await sales.SubmitAsync(page, "[data-testid=override-form]", new Dictionary<string, string> { ["Input.Segment"] = "C", ["Input.Reason"] = "Buys through a partner now", ["Input.Until"] = until }), "/sales/segments/10002");
        var after = await sales.GetDocumentAsync("/sales/segments/10002");

        Assert.Contains("Class C", after.QuerySelector("[data-testid=class]")!.TextContent);
        Assert.Contains($"Computed: {computed}", after.QuerySelector("[data-testid=override]")!.TextContent);
        Assert.Contains("Buys through a partner now", after.QuerySelector("[data-testid=history]")!.TextContent);
        var customer = await portal.WithDbAsync(db => db.Customers.SingleAsync(c => c.Number == "10002"));
        Assert.Equal((Segment.C, (Segment?)Segment.C), (customer.Segment, customer.SegmentOverride));
        Assert.Equal(until, customer.OverrideUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var list = await sales.GetDocumentAsync("/sales/segments?overridden=true");
        Assert.Single(list.QuerySelectorAll("[data-testid=customers] tbody tr"));

        // The recorded reasons read in the clerk's language, with the staff's own words as they were typed.
        sales.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var german = await sales.GetDocumentAsync("/sales/segments/10002");
        var day = DateOnly.ParseExact(until, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var history = german.QuerySelector("[data-testid=history]")!.TextContent;
        Assert.Contains($"Übersteuerung bis {day}: Buys through a partner now", history);
        Assert.Contains("Schwellenwert zum ", history);
        sales.Http.DefaultRequestHeaders.AcceptLanguage.Clear();

        HtmlClient.AssertRedirect(await sales.SubmitAsync(after, "form[action*=ClearOverride]", new Dictionary<string, string>()), "/sales/segments/10002");
        Assert.Equal(computed, await portal.WithDbAsync(db => db.Customers.Where(c => c.Number == "10002").Select(c => c.Segment).SingleAsync()));
    }

    [Fact]
    public async Task Figures_a_later_run_left_as_they_were_are_shown_as_of_the_later_run()
    {
        // Years after the demo orders every customer's window is empty: the second run changes no figures.
        await RecomputeAsync(new DateOnly(2100, 1, 1));
        await RecomputeAsync(new DateOnly(2100, 1, 2));
        var sales = await portal.SignedInAsync(DemoPortal.Sales);

        var page = await sales.GetDocumentAsync("/sales/segments/10002");

        var stamp = await portal.WithDbAsync(db => db.CustomerFigures.Where(f => f.CustomerId == db.Customers.Single(c => c.Number == "10002").Id).Select(f => f.AsOf).SingleAsync());
        Assert.Equal(new DateOnly(2100, 1, 1), stamp);
        var window = page.QuerySelector("[data-testid=figures-window]")!.TextContent;
        Assert.Contains(global::Portal.Localization.Dates.Format(new DateOnly(2100, 1, 2), new System.Globalization.CultureInfo("en")), window);
        Assert.DoesNotContain(global::Portal.Localization.Dates.Format(new DateOnly(2100, 1, 1), new System.Globalization.CultureInfo("en")), window);
    }

    [Fact]
    public async Task Inside_sales_sees_the_items_for_a_phone_customers_reorder_list_and_marks_the_action_done()
    {
        await RecomputeAsync();
        var number = await portal.WithDbAsync(db => db.SegmentationActions.Where(a => a.Status == SegmentationActionStatus.Open && a.Kind == SegmentationActionKind.MoveToSelfService)
            .Join(db.Customers, a => a.CustomerId, c => c.Id, (a, c) => c.Number).FirstAsync());
        var sales = await portal.SignedInAsync(DemoPortal.Sales);
        var page = await sales.GetDocumentAsync($"/sales/segments/{number}");
        Assert.NotEmpty(page.QuerySelectorAll("[data-testid=frequent-items] tbody tr"));
        var id = long.Parse(page.QuerySelector("[data-action=MoveToSelfService] form input[name=actionId]")!.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture);

        HtmlClient.AssertRedirect(await sales.SubmitAsync(page, "[data-action=MoveToSelfService] form", new Dictionary<string, string>(), "status", "Done"), $"/sales/segments/{number}");

        var action = await portal.WithDbAsync(db => db.SegmentationActions.SingleAsync(a => a.Id == id));
        Assert.Equal((SegmentationActionStatus.Done, "Sabine Vogel"), (action.Status, action.ResolvedBy));
    }

    [Fact]
    public async Task Buyers_do_not_reach_the_segmentation_and_inside_sales_not_the_admin_pages()
    {
        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);
        var sales = await portal.SignedInAsync(DemoPortal.Sales);

        Assert.Equal(HttpStatusCode.Redirect, (await buyer.Http.GetAsync("/sales/segments")).StatusCode);
        Assert.Contains("access-denied", (await buyer.Http.GetAsync("/sales/segments/10001")).Headers.Location!.ToString());
        Assert.Contains("access-denied", (await sales.Http.GetAsync("/admin/segmentation")).Headers.Location!.ToString());
        Assert.Contains("access-denied", (await sales.Http.GetAsync("/admin/import")).Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_admin_uploads_an_order_file_and_downloads_its_rejects()
    {
        var admin = await portal.SignedInAsync(DemoPortal.Admin);
        var page = await admin.GetDocumentAsync("/admin/import");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Orders"), "Input.Kind" },
            { new StringContent("order=Beleg,customer=Kunde,date=Datum,sku=Artikel,quantity=Menge,price=Preis"), "Input.Map" },
            { new StringContent("de-DE"), "Input.Culture" },
            { new StringContent("Phone"), "Input.Channel" },
            { new ByteArrayContent("Beleg;Kunde;Datum;Artikel;Menge;Preis\nU-1;10001;01.03.2026;P100-1;2;4,80\nU-1;10001;01.03.2026;P100-2;zwei;9,90\n"u8.ToArray()), "Input.File", "export.csv" },
        };

        var response = await admin.Http.PostAsync("/admin/import", form);
        var result = await HtmlClient.ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("2 rows read, 1 imported, 0 updated, 0 already present, 1 rejected. 1 orders created", System.Text.RegularExpressions.Regex.Replace(result.QuerySelector("[data-testid=import-summary]")!.TextContent, @"\s+", " "));
        Assert.Contains("quantity 'zwei' is not a whole number in de-DE", result.QuerySelector("[data-testid=rejects]")!.TextContent);
        var download = await admin.Http.GetAsync(result.QuerySelector("[data-testid=import-result] a")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.StartsWith("line,reason,record", await download.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync("/admin/import?handler=Rejects&name=..%2Fportal.db")).StatusCode);
        Assert.Equal(1, await portal.WithDbAsync(db => db.OrderLines.CountAsync(l => db.Orders.Any(o => o.Id == l.OrderId && o.Number == "U-1"))));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => portal.Dispose();
}
