using System.Diagnostics;
using System.Net;
using System.Text;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Portal.Ordering;
using Portal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Portal.Tests.Reordering;

public sealed class QuickOrderTests(DemoPortal portal, ITestOutputHelper output) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task Each_row_is_checked_on_its_own_valid_rows_reach_the_cart_and_invalid_ones_stay_with_their_message()
    {
        var company = await portal.NewCompanyAsync();
        var page = await company.Buyer.GetDocumentAsync("/shop/quick-order");
        Assert.Equal("Quick order", page.QuerySelector("h1")!.TextContent);

        var result = await HtmlClient.ParseAsync(await company.Buyer.SubmitAsync(page, "form.quick-order", new Dictionary<string, string>
        {
            ["Rows[0].Sku"] = ShopDriver.WallPaint2L5,
            ["Rows[0].Quantity"] = "4",
            ["Rows[1].Sku"] = "NOPE-1",
            ["Rows[1].Quantity"] = "1",
            ["Rows[2].Sku"] = ShopDriver.FacadePaint1L,
            ["Rows[2].Quantity"] = "1",
            ["Rows[3].Sku"] = ShopDriver.WallPaint1L,
            ["Rows[3].Quantity"] = "two",
            ["Rows[4].Sku"] = "",
            ["Rows[4].Quantity"] = "3",
            ["Paste"] = $"{ShopDriver.WallPaint2L5}\t6\n{ShopDriver.WallPaint12L5.ToLowerInvariant()};0\n",
        }));

        Assert.Contains("1 line was added to your cart.", result.QuerySelector("[data-testid=quick-result]")!.TextContent);
        Assert.Contains($"{ShopDriver.WallPaint2L5}: 2 lines merged into one (10 packs).", result.QuerySelector("[data-testid=merged]")!.TextContent);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["NOPE-1"] = "Unknown article number.",
                [ShopDriver.FacadePaint1L] = "This article is not in your catalog.",
                [ShopDriver.WallPaint1L] = "Please enter a whole number of packs.",
                [""] = "Please enter an article number.",
                [ShopDriver.WallPaint12L5.ToLowerInvariant()] = "The quantity must be at least 1.",
            },
            Invalid(result));
        Assert.Equal("two", result.QuerySelector($"tr.quick-row-invalid:nth-child(3) input[name$='.Quantity']")!.GetAttribute("value"));
        var line = Assert.Single(await portal.CartLinesAsync(company.BuyerEmail));
        Assert.Equal((ShopDriver.WallPaint2L5, 10, OrderChannel.QuickOrder), (line.PackSize!.Sku, line.Quantity, line.Source));
    }

    [Fact]
    public async Task A_csv_upload_goes_to_the_cart_and_the_order_records_the_csv_channel()
    {
        var company = await portal.NewCompanyAsync();
        var csv = $"SKU;Quantity\n\"{ShopDriver.WallPaint2L5}\";10\n{ShopDriver.WallPaint1L},2\n";

        var result = await UploadAsync(company.Buyer, csv);

        Assert.Contains("2 lines were added to your cart.", result.QuerySelector("[data-testid=quick-result]")!.TextContent);
        Assert.All(await portal.CartLinesAsync(company.BuyerEmail), l => Assert.Equal(OrderChannel.CsvUpload, l.Source));
        var number = await company.Buyer.PlaceOrderAsync();
        Assert.Equal(OrderChannel.CsvUpload, await portal.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => o.Channel).SingleAsync()));
    }

    [Fact]
    public async Task A_5000_line_upload_is_validated_line_by_line_without_hanging()
    {
        var company = await portal.NewCompanyAsync();
        var csv = new StringBuilder();
        for (var i = 0; i < 5_000; i++)
        {
            // Every tenth line is a good article (merged into two cart lines), the rest are unknown numbers.
            var sku = i % 10 != 0 ? $"UNKNOWN-{i}" : i % 20 == 0 ? ShopDriver.WallPaint2L5 : ShopDriver.WallPaint1L;
            csv.Append(sku).Append('\t').Append(i % 10 == 0 ? "1" : "2").Append('\n');
        }

        var watch = Stopwatch.StartNew();
        var result = await UploadAsync(company.Buyer, csv.ToString());
        watch.Stop();
        output.WriteLine($"5,000-line upload answered and parsed in {watch.Elapsed.TotalMilliseconds:0} ms");

        // A guard against a hang (a query per line, a quadratic merge), not a speed measurement: it answers in about
        // 1.5 s on the 2-core build machine; speed is measured in tests/Portal.Benchmarks.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"The upload took {watch.Elapsed}.");
        Assert.Contains("2 lines were added to your cart.", result.QuerySelector("[data-testid=quick-result]")!.TextContent);
        Assert.Equal(4_500, result.QuerySelectorAll("[data-testid=row-error]").Count(e => e.TextContent == "Unknown article number."));
        var lines = await portal.CartLinesAsync(company.BuyerEmail);
        Assert.Equal([250, 250], lines.Select(l => l.Quantity));
    }

    [Fact]
    public async Task The_rows_that_need_fixing_can_be_posted_back_corrected()
    {
        var company = await portal.NewCompanyAsync();
        var first = await UploadAsync(company.Buyer, $"{ShopDriver.WallPaint1L};x\n");
        Assert.Equal("Please enter a whole number of packs.", first.QuerySelector("[data-testid=row-error]")!.TextContent);

        var fixedUp = await HtmlClient.ParseAsync(await company.Buyer.SubmitAsync(first, "form.quick-order", new Dictionary<string, string> { ["Rows[0].Quantity"] = "3" }));

        Assert.Empty(fixedUp.QuerySelectorAll("[data-testid=row-error]"));
        Assert.Equal(3, Assert.Single(await portal.CartLinesAsync(company.BuyerEmail)).Quantity);
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_refused_with_a_clear_message_and_the_typed_rows_stay()
    {
        var company = await portal.NewCompanyAsync();
        var huge = new string('x', 2 * 1024 * 1024 + 10);

        var result = await UploadAsync(company.Buyer, huge, (ShopDriver.WallPaint2L5, "3"));

        Assert.Equal("The file is too large: at most 2 MB.", result.QuerySelector("[data-testid=form-error]")!.TextContent);
        Assert.Equal(ShopDriver.WallPaint2L5, result.QuerySelector("input[name='Rows[0].Sku']")!.GetAttribute("value"));
        Assert.Empty(await portal.CartLinesAsync(company.BuyerEmail));
    }

    private static Dictionary<string, string> Invalid(IDocument page) =>
        page.QuerySelectorAll("[data-testid=rows] tbody tr.quick-row-invalid").ToDictionary(
            r => r.QuerySelector("input[name$='.Sku']")!.GetAttribute("value") ?? "",
            r => r.QuerySelector("[data-testid=row-error]")!.TextContent);

    private static async Task<IDocument> UploadAsync(HtmlClient buyer, string csv, params (string Sku, string Quantity)[] rows)
    {
        var page = await buyer.GetDocumentAsync("/shop/quick-order");
        var token = page.QuerySelector("form.quick-order input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "Upload", "order.csv" },
        };
        for (var i = 0; i < rows.Length; i++)
        {
            content.Add(new StringContent(rows[i].Sku), $"Rows[{i}].Sku");
            content.Add(new StringContent(rows[i].Quantity), $"Rows[{i}].Quantity");
        }

        var response = await buyer.Http.PostAsync("/shop/quick-order?handler=Add", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await HtmlClient.ParseAsync(response);
    }
}
