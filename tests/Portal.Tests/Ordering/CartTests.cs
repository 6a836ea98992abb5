using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Ordering;

public sealed class CartTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task Adding_the_same_pack_twice_adds_up_and_the_header_counts_lines()
    {
        var buyer = await portal.NewKunzBuyerAsync();

        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint1L, "2");
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint1L, "3");
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "1");

        var cart = await buyer.CartAsync();
        Assert.Equal("5", cart.QuantityOf(ShopDriver.WallPaint1L));
        Assert.Equal("1", cart.QuantityOf(ShopDriver.WallPaint2L5));
        Assert.Equal("2", cart.QuerySelector("#cart-count")!.TextContent);
        // The product page reads the count with its own query; the catalog through the layout's.
        var (_, productId) = await portal.PackAsync(ShopDriver.WallPaint1L);
        Assert.Equal("2", (await buyer.GetDocumentAsync($"/shop/products/{productId}")).QuerySelector("#cart-count")!.TextContent);
        Assert.Equal("2", (await buyer.GetDocumentAsync("/shop/catalog")).QuerySelector("#cart-count")!.TextContent);
    }

    [Theory]
    [InlineData("0", "at least 1")]
    [InlineData("-3", "at least 1")]
    [InlineData("abc", "whole number")]
    [InlineData("2.5", "whole number")]
    [InlineData("", "enter a quantity")]
    [InlineData("100000", "At most 9,999")]
    [InlineData("99999999999999999999", "whole number")]
    public async Task A_bad_quantity_is_refused_at_its_line_and_changes_nothing(string typed, string message)
    {
        var buyer = await portal.NewKunzBuyerAsync();
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint1L, "4");
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "2");
        var cart = await buyer.CartAsync();

        var response = await buyer.SubmitAsync(cart, $".cart-line[data-sku='{ShopDriver.WallPaint1L}'] form.cart-line-quantity", new Dictionary<string, string> { ["quantity"] = typed });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        var line = page.CartLine(ShopDriver.WallPaint1L)!;
        Assert.Contains(message, line.QuerySelector(".field-error")!.TextContent);
        Assert.Equal(typed, line.QuerySelector("input[name=quantity]")!.GetAttribute("value"));
        var reloaded = await buyer.CartAsync();
        Assert.Equal("4", reloaded.QuantityOf(ShopDriver.WallPaint1L));
        Assert.Equal("2", reloaded.QuantityOf(ShopDriver.WallPaint2L5));
    }

    [Fact]
    public async Task Changing_a_quantity_with_htmx_returns_the_updated_cart_and_the_header_count()
    {
        var buyer = await portal.NewKunzBuyerAsync();
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint1L, "1");
        var cart = await buyer.CartAsync();
        var form = cart.QuerySelector(".cart-line form.cart-line-quantity")!;
        var token = cart.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var request = new HttpRequestMessage(HttpMethod.Post, "/shop/cart?handler=Quantity")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["lineId"] = form.QuerySelector("input[name=lineId]")!.GetAttribute("value")!,
                ["quantity"] = "12",
            }),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);

        var response = await buyer.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fragment = await HtmlClient.ParseAsync(response);
        Assert.Null(fragment.QuerySelector("header"));
        Assert.Equal("12", fragment.QuantityOf(ShopDriver.WallPaint1L));
        Assert.Equal("true", fragment.QuerySelector("#cart-count")!.GetAttribute("hx-swap-oob"));
    }

    [Fact]
    public async Task An_htmx_post_without_the_antiforgery_token_is_refused()
    {
        var buyer = await portal.NewKunzBuyerAsync();
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint1L, "1");
        var request = new HttpRequestMessage(HttpMethod.Post, "/shop/cart?handler=Quantity")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["lineId"] = "1", ["quantity"] = "5" }),
        };
        request.Headers.Add("HX-Request", "true");

        var response = await buyer.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Removing_a_line_leaves_the_others()
    {
        var buyer = await portal.NewKunzBuyerAsync();
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint1L, "1");
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "1");
        var cart = await buyer.CartAsync();

        await buyer.SubmitAsync(cart, $".cart-line[data-sku='{ShopDriver.WallPaint1L}'] form.cart-line-remove", new Dictionary<string, string>());

        var after = await buyer.CartAsync();
        Assert.Null(after.CartLine(ShopDriver.WallPaint1L));
        Assert.NotNull(after.CartLine(ShopDriver.WallPaint2L5));
    }

    [Fact]
    public async Task Another_users_cart_line_cannot_be_changed_or_removed()
    {
        var owner = await portal.NewKunzBuyerAsync();
        var intruder = await portal.NewKunzBuyerAsync();
        await owner.AddToCartAsync(portal, ShopDriver.WallPaint1L, "3");
        await intruder.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "1");
        var ownerLine = (await owner.CartAsync()).CartLine(ShopDriver.WallPaint1L)!.QuerySelector("input[name=lineId]")!.GetAttribute("value")!;
        var intruderCart = await intruder.CartAsync();

        await intruder.SubmitAsync(intruderCart, "form.cart-line-quantity", new Dictionary<string, string> { ["lineId"] = ownerLine, ["quantity"] = "99" });
        await intruder.SubmitAsync(intruderCart, "form.cart-line-remove", new Dictionary<string, string> { ["lineId"] = ownerLine });

        Assert.Equal("3", (await owner.CartAsync()).QuantityOf(ShopDriver.WallPaint1L));
    }

    [Fact]
    public async Task The_cart_survives_signing_out()
    {
        var email = $"returning-{Guid.NewGuid():N}@kunz.example";
        var kunzId = await portal.WithDbAsync(db => db.Customers.Where(c => c.Number == "10001").Select(c => c.Id).SingleAsync());
        await portal.CreateBuyerAsync(email, kunzId);
        var first = await portal.SignedInAsync(email);
        await first.AddToCartAsync(portal, ShopDriver.WallPaint1L, "7");
        var start = await first.GetDocumentAsync("/shop");
        await first.SubmitAsync(start, "form.user-menu", new Dictionary<string, string>());

        var later = await portal.SignedInAsync(email);

        Assert.Equal("7", (await later.CartAsync()).QuantityOf(ShopDriver.WallPaint1L));
    }

    [Fact]
    public async Task A_pack_size_taken_out_of_the_range_shows_as_unavailable_and_blocks_checkout()
    {
        var buyer = await portal.NewKunzBuyerAsync();
        await buyer.AddToCartAsync(portal, "P460-1", "1");
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint2L5, "5");
        await portal.WithDbAsync(db => db.PackSizes.Where(s => s.Sku == "P460-1").ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false)));

        var cart = await buyer.CartAsync();

        Assert.Contains("No longer available", cart.CartLine("P460-1")!.TextContent);
        Assert.Null(cart.QuerySelector("a[href='/shop/checkout']"));
        Assert.Equal(HttpStatusCode.OK, (await buyer.Http.GetAsync("/shop/cart")).StatusCode);
        await portal.WithDbAsync(db => db.PackSizes.Where(s => s.Sku == "P460-1").ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, true)));
    }

    [Fact]
    public async Task Small_customer_cart_shows_the_minimum_then_the_surcharge_then_neither()
    {
        var buyer = await portal.NewKunzBuyerAsync();

        // One 1 l bucket: 4.20 × 1.15 = 4.83 net, below the 25.00 minimum.
        await buyer.AddToCartAsync(portal, ShopDriver.WallPaint1L, "1");
        var belowMinimum = await buyer.CartAsync();
        Assert.Contains("Add €20.17 more to order", belowMinimum.QuerySelector("[data-testid=minimum-note]")!.TextContent);
        Assert.Null(belowMinimum.QuerySelector("a[href='/shop/checkout']"));

        // Ten buckets: 10 × 4.59 (tier from 10) = 45.90, above the minimum, below the 100.00 surcharge threshold.
        await buyer.SubmitAsync(belowMinimum, "form.cart-line-quantity", new Dictionary<string, string> { ["quantity"] = "10" });
        var withSurcharge = await buyer.CartAsync();
        Assert.Equal("€45.90", withSurcharge.QuerySelector("[data-testid=subtotal]")!.TextContent);
        Assert.Equal("€7.50", withSurcharge.QuerySelector("[data-testid=surcharge]")!.TextContent);
        Assert.Contains("Add €54.10 more to avoid the small-order surcharge", withSurcharge.QuerySelector("[data-testid=surcharge-note]")!.TextContent);
        Assert.NotNull(withSurcharge.QuerySelector("a[href='/shop/checkout']"));

        // Twenty-five buckets: 25 × 4.59 = 114.75, no surcharge.
        await buyer.SubmitAsync(withSurcharge, "form.cart-line-quantity", new Dictionary<string, string> { ["quantity"] = "25" });
        var noSurcharge = await buyer.CartAsync();
        Assert.Null(noSurcharge.QuerySelector("[data-testid=surcharge]"));
        Assert.Null(noSurcharge.QuerySelector("[data-testid=surcharge-note]"));
    }
}
