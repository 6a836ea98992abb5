using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Care;
using Portal.Customers;
using Portal.Localization;
using Portal.Mail;
using Portal.Pricing;
using Portal.Tests.Infrastructure;
using Portal.Tests.Reordering;

namespace Portal.Tests.Care;

/// The shared care mail content: placeholders filled per recipient, the product block at the recipient company's own
/// price and only with pack sizes its catalog shows, in the recipient's language.
public sealed class CareMailTests(ReminderPortal portal) : IClassFixture<ReminderPortal>
{
    [Fact]
    public async Task Each_recipient_reads_their_own_company_prices_and_names_in_their_language()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var wallPaint = await PackIdAsync(ShopDriver.WallPaint2L5);
        var largePack = await PackIdAsync(ShopDriver.WallPaint12L5);

        // Maler Own has its own price for the 2.5 l can; Maler Segment pays the small-customer list.
        var own = await portal.CreateCustomerAsync($"O{suffix}", $"Maler Own {suffix}");
        var segment = await portal.CreateCustomerAsync($"S{suffix}", $"Maler Segment {suffix}");
        var rep = await portal.WithDbAsync(db => db.Users.Where(u => u.Email == DemoPortal.Sales).Select(u => new { u.Id, u.DisplayName }).SingleAsync());
        await portal.WithDbAsync(async db =>
        {
            var list = new PriceList { Code = $"OWN-{suffix}", Name = "Own prices" };
            list.Entries.Add(new PriceListEntry { PackSizeId = wallPaint, MinQuantity = 1, UnitPrice = 7.77m });
            db.PriceLists.Add(list);
            await db.SaveChangesAsync();
            var customer = await db.Customers.SingleAsync(c => c.Id == own);
            customer.PriceListId = list.Id;
            customer.AssignedRepId = rep.Id;
            return await db.SaveChangesAsync();
        });
        var segmentPrice = await portal.WithDbAsync(db => db.PriceListEntries
            .Where(e => e.PackSizeId == wallPaint && e.MinQuantity == 1 && db.PriceLists.Any(l => l.Id == e.PriceListId && l.Segment == Segment.C))
            .Select(e => e.UnitPrice).SingleAsync());
        Assert.NotEqual(7.77m, segmentPrice);

        var choice = CareArticleChoice.Chosen([wallPaint, largePack]);
        var german = await RenderAsync(new CareRecipient(own, "Jana Eigen", "de"), choice);
        var english = await RenderAsync(new CareRecipient(segment, "Tom Segment", "en"), choice);

        Assert.Equal($"Neu für Maler Own {suffix}", german.Subject);
        Assert.Contains("Hallo Jana Eigen,", german.TextBody, StringComparison.Ordinal);
        Assert.Contains($"für Maler Own {suffix} ein paar Artikel", german.TextBody, StringComparison.Ordinal);
        Assert.Contains(rep.DisplayName, german.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Ihr Preis (netto) {Money.Format(7.77m, CultureInfo.GetCultureInfo("de-DE"))}", german.TextBody, StringComparison.Ordinal);
        Assert.Contains(Money.Format(7.77m, CultureInfo.GetCultureInfo("de-DE")), german.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Money.Format(segmentPrice, CultureInfo.GetCultureInfo("de-DE")), german.TextBody, StringComparison.Ordinal);
        Assert.Contains("Art.-Nr. " + ShopDriver.WallPaint2L5, german.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("{", german.TextBody + german.Subject, StringComparison.Ordinal);

        Assert.Equal($"New for Maler Segment {suffix}", english.Subject);
        Assert.Contains("Hello Tom Segment,", english.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Your price (net) {Money.Format(segmentPrice, CultureInfo.GetCultureInfo("en-GB"))}", english.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("7.77", english.TextBody, StringComparison.Ordinal);
        // Without a rep of its own the seller signs.
        Assert.Contains(MailTestPortal.SellerName, english.TextBody, StringComparison.Ordinal);

        // The 12.5 l bucket is not in the small-customer catalog: no C customer is offered it.
        foreach (var mail in new[] { german, english })
        {
            Assert.DoesNotContain(ShopDriver.WallPaint12L5, mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("https://portal.example/shop/products/", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("https://portal.example/shop/catalog", mail.TextBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Top_articles_are_the_company_own_and_links_go_through_the_given_link_maker()
    {
        var company = await portal.NewCompanyAsync();
        var now = portal.Clock.GetUtcNow();
        await portal.SeedOrderAsync(company, now.AddDays(-40), (ShopDriver.WallPaint1L, 30));
        await portal.SeedOrderAsync(company, now.AddDays(-20), (ShopDriver.WallPaint1L, 30));

        var template = new CareTemplate("Hi {company}", "Dear {contact}, your favourites:\n\n{articles}\n\n{rep}");
        await using var scope = portal.Services.CreateAsyncScope();
        var composer = scope.ServiceProvider.GetRequiredService<CareMailComposer>();
        var mail = await composer.ComposeAsync("CareTest", template, new CareRecipient(company.CustomerId, "Ann", "de"), new CareArticleChoice(CareArticleSource.TopOfCompany, Count: 3),
            path => new Uri("https://tracked.example/c/t?to=" + Uri.EscapeDataString(path)), default);

        var article = Assert.Single(mail.Articles);
        Assert.Equal(ShopDriver.WallPaint1L, article.Sku);
        Assert.StartsWith("https://tracked.example/c/t?to=%2Fshop%2Fproducts%2F", article.Link.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("https://tracked.example/c/t?to=%2Fshop%2Fcatalog", mail.ShopLink.AbsoluteUri);
        // The template has no German text: the English one, filled in.
        var name = await portal.WithDbAsync(db => db.Customers.Where(c => c.Id == company.CustomerId).Select(c => c.Name).SingleAsync());
        Assert.Equal($"Hi {name}", mail.SubjectText);
        Assert.Equal([false, true, false], mail.Parts.Select(p => p.IsArticles));
    }

    private Task<int> PackIdAsync(string sku) => portal.WithDbAsync(db => db.PackSizes.Where(p => p.Sku == sku).Select(p => p.Id).SingleAsync());

    private async Task<RenderedMail> RenderAsync(CareRecipient recipient, CareArticleChoice choice)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var composer = scope.ServiceProvider.GetRequiredService<CareMailComposer>();
        var mail = await composer.ComposeAsync("CareTest", CareTemplate.Campaign, recipient, choice, null, default);
        return await scope.ServiceProvider.GetRequiredService<MailRenderer>().RenderAsync(mail, recipient.Language);
    }
}
