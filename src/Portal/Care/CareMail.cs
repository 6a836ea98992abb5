using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Catalogs;
using Portal.Data;
using Portal.Mail;
using Portal.Mail.Templates;
using Portal.Ordering;
using Portal.Pricing;

namespace Portal.Care;

/// An editable care mail text (a campaign's, a journey step's) in English and German: subject and body with the
/// placeholders {company}, {contact}, {rep} and {articles}. Each recipient reads the language of their account;
/// where a text is missing in it, the other language's.
public sealed record CareTemplate(string SubjectEn, string BodyEn, string? SubjectDe = null, string? BodyDe = null)
{
    public const string Company = "{company}";
    public const string Contact = "{contact}";
    public const string Rep = "{rep}";
    public const string Articles = "{articles}";

    public static IReadOnlyList<string> Placeholders { get; } = [Company, Contact, Rep, Articles];

    public (string Subject, string Body) For(CultureInfo culture) =>
        (ContentLanguage.Pick(SubjectEn, SubjectDe, culture), ContentLanguage.Pick(BodyEn, BodyDe, culture));

    /// A campaign's starting text: a new campaign's form is filled with it.
    public static CareTemplate Campaign { get; } = new(
        "New for {company}",
        "Hello {contact},\n\nwe have put together a few articles for {company}, each at your own price:\n\n{articles}\n\nYou order them in the portal in two clicks, whenever it suits you.\n\nKind regards\n{rep}",
        "Neu für {company}",
        "Hallo {contact},\n\nwir haben für {company} ein paar Artikel zusammengestellt, jeden zu Ihrem eigenen Preis:\n\n{articles}\n\nSie bestellen sie im Portal mit zwei Klicks, wann es Ihnen passt.\n\nViele Grüße\n{rep}");

    /// "Reorder in two clicks": the company's own top articles as a ready reorder list (Welcome to self-service).
    public static CareTemplate ReorderInTwoClicks { get; } = new(
        "Reorder in two clicks, {company}",
        "Hello {contact},\n\nyou can now order for {company} in our portal yourself, at any time. These are the articles you order most, at your own prices:\n\n{articles}\n\nPut them into the cart, check the quantities, order: that is all.\n\nKind regards\n{rep}",
        "Mit zwei Klicks nachbestellen, {company}",
        "Hallo {contact},\n\nSie können für {company} ab sofort jederzeit selbst in unserem Portal bestellen. Das sind die Artikel, die Sie am häufigsten bestellen, zu Ihren eigenen Preisen:\n\n{articles}\n\nIn den Warenkorb legen, Mengen prüfen, bestellen: mehr ist es nicht.\n\nViele Grüße\n{rep}");

    /// "We miss you": the company's frequently ordered articles at its current prices (Reactivate).
    public static CareTemplate WeMissYou { get; } = new(
        "We miss you, {company}",
        "Hello {contact},\n\nit has been a while since {company} last ordered from us. Your frequently ordered articles are ready, at your current prices:\n\n{articles}\n\nIf something is missing or not right, just answer this mail.\n\nKind regards\n{rep}",
        "Wir vermissen Sie, {company}",
        "Hallo {contact},\n\nes ist eine Weile her, dass {company} zuletzt bei uns bestellt hat. Ihre häufig bestellten Artikel liegen bereit, zu Ihren aktuellen Preisen:\n\n{articles}\n\nWenn etwas fehlt oder nicht passt, antworten Sie einfach auf diese Mail.\n\nViele Grüße\n{rep}");
}

/// Where the product block's articles come from.
public enum CareArticleSource
{
    /// No product block ({articles} stays empty).
    None = 0,

    /// The pack sizes a person chose (a campaign's product block).
    Chosen = 1,

    /// The company's own top articles by net revenue over the last year.
    TopOfCompany = 2,

    /// The company's articles ordered in the most orders over the last year.
    FrequentlyOrdered = 3,
}

public sealed record CareArticleChoice(CareArticleSource Source, IReadOnlyList<int>? PackSizeIds = null, int Count = 5)
{
    public static CareArticleChoice None { get; } = new(CareArticleSource.None);

    public static CareArticleChoice Chosen(IReadOnlyList<int> packSizeIds) => new(CareArticleSource.Chosen, packSizeIds, packSizeIds.Count);
}

/// Who a care mail is written to: a portal user or a contact without an account. Language "de" or "en".
public sealed record CareRecipient(int CustomerId, string Name, string Language);

/// One article of the product block, priced for the recipient's company: the price from MinQuantity packs on.
public sealed record CareArticle(string Name, string Pack, string Sku, decimal UnitPrice, int MinQuantity, Uri Link);

/// A stretch of the body: text paragraphs (null Text) or the product block (IsArticles).
public sealed record CareMailPart(string? Text, bool IsArticles)
{
    public IEnumerable<string[]> Paragraphs() => (Text ?? "")
        .Replace("\r\n", "\n", StringComparison.Ordinal)
        .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(p => p.Split('\n', StringSplitOptions.TrimEntries));
}

/// A care mail with its placeholders filled in for one recipient. Kind names it in the outbox ("Campaign", a
/// journey's name); ShopLink is the button under the text.
public sealed record CareMail(string MailKind, string SubjectText, IReadOnlyList<CareMailPart> Parts, IReadOnlyList<CareArticle> Articles, Uri ShopLink) : MailTemplate
{
    public override string Kind => MailKind;
    public override Type HtmlTemplate => typeof(CareMailHtml);
    public override Type TextTemplate => typeof(CareMailText);
    public override string Subject(IStringLocalizer t, SellerOptions seller) => SubjectText;
}

/// Builds a CareMail from a template for one recipient: the placeholders filled in, the product block priced with
/// the recipient company's own prices (PriceBook) and only with pack sizes its catalog shows (CatalogAccess). Links
/// go through linkFor (a campaign makes them tracked); without it they point straight into the shop.
public sealed class CareMailComposer(PortalDbContext db, PriceBook prices, CatalogAccess catalog, MailLinks links, IOptions<SellerOptions> seller, TimeProvider time)
{
    public const string ShopPath = "/shop/catalog";

    // Priced articles per company, language and choice: a campaign writes to several users of one company. Links
    // are made per recipient (a campaign's carry the recipient's token), never cached.
    private readonly Dictionary<(int, string, CareArticleChoice), IReadOnlyList<PricedArticle>> articleCache = [];

    private sealed record PricedArticle(string Name, string Pack, string Sku, decimal UnitPrice, int MinQuantity, int ProductId);

    public async Task<CareMail> ComposeAsync(string kind, CareTemplate template, CareRecipient recipient, CareArticleChoice articles, Func<string, Uri>? linkFor, CancellationToken cancellationToken)
    {
        var culture = MailRenderer.CultureFor(recipient.Language);
        linkFor ??= path => links.To(path, new Dictionary<string, string?>());
        var customer = await db.Customers.AsNoTracking()
            .Where(c => c.Id == recipient.CustomerId)
            .Select(c => new { c.Name, Rep = c.AssignedRep == null ? null : c.AssignedRep.DisplayName })
            .SingleAsync(cancellationToken);
        var (subject, body) = template.For(culture);
        string Fill(string text) => text
            .Replace(CareTemplate.Company, customer.Name, StringComparison.OrdinalIgnoreCase)
            .Replace(CareTemplate.Contact, recipient.Name, StringComparison.OrdinalIgnoreCase)
            .Replace(CareTemplate.Rep, customer.Rep ?? seller.Value.Name, StringComparison.OrdinalIgnoreCase);

        var block = (await ArticlesAsync(recipient.CustomerId, culture, articles, cancellationToken))
            .Select(a => new CareArticle(a.Name, a.Pack, a.Sku, a.UnitPrice, a.MinQuantity, linkFor($"/shop/products/{a.ProductId}")))
            .ToList();
        var pieces = Fill(body).Split(CareTemplate.Articles, StringSplitOptions.None);
        var parts = new List<CareMailPart>();
        for (var i = 0; i < pieces.Length; i++)
        {
            if (i > 0 && block.Count > 0)
            {
                parts.Add(new CareMailPart(null, true));
            }

            if (!string.IsNullOrWhiteSpace(pieces[i]))
            {
                parts.Add(new CareMailPart(pieces[i], false));
            }
        }

        // Pack sizes chosen on purpose are never dropped for want of a placeholder: the block goes under the text.
        if (pieces.Length == 1 && articles.Source == CareArticleSource.Chosen && block.Count > 0)
        {
            parts.Add(new CareMailPart(null, true));
        }

        var filledSubject = Fill(subject).Replace(CareTemplate.Articles, "", StringComparison.OrdinalIgnoreCase).Trim();
        return new CareMail(kind, filledSubject, parts, block, linkFor(ShopPath));
    }

    /// A portal user as a recipient: their name and language, their company.
    public async Task<CareRecipient?> RecipientAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.CustomerId != null)
            .Select(u => new { CustomerId = u.CustomerId!.Value, u.DisplayName, u.Language }).SingleOrDefaultAsync(cancellationToken);
        return user is null ? null : new CareRecipient(user.CustomerId, user.DisplayName, user.Language);
    }

    private async Task<IReadOnlyList<PricedArticle>> ArticlesAsync(int customerId, CultureInfo culture, CareArticleChoice choice, CancellationToken cancellationToken)
    {
        if (choice.Source == CareArticleSource.None)
        {
            return [];
        }

        var key = (customerId, culture.Name, choice);
        if (articleCache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var ids = choice.Source == CareArticleSource.Chosen
            ? (choice.PackSizeIds ?? []).Distinct().ToList()
            : await OrderedPackSizesAsync(customerId, choice.Source, cancellationToken);
        var visible = await catalog.VisiblePackSizes(customerId).AsNoTracking()
            .Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, s.ProductId, s.Sku, s.Name, s.NameDe, Product = s.Product!.Name, ProductDe = s.Product.NameDe })
            .ToListAsync(cancellationToken);
        var tiers = await prices.TiersForAsync(customerId, visible.Select(v => v.Id), cancellationToken);
        var block = new List<PricedArticle>();
        foreach (var id in ids)
        {
            var pack = visible.FirstOrDefault(v => v.Id == id);
            if (pack is null || !tiers.TryGetValue(id, out var packTiers) || packTiers.Count == 0)
            {
                continue;
            }

            // The single-pack price where there is one; else the smallest tier, with its minimum shown.
            var tier = packTiers.FirstOrDefault(t => t.MinQuantity <= 1) ?? packTiers[0];
            block.Add(new PricedArticle(
                ContentLanguage.Pick(pack.Product, pack.ProductDe, culture),
                ContentLanguage.Pick(pack.Name, pack.NameDe, culture),
                pack.Sku,
                tier.UnitPrice,
                Math.Max(1, tier.MinQuantity),
                pack.ProductId));
            if (block.Count >= Math.Max(1, choice.Count))
            {
                break;
            }
        }

        articleCache[key] = block;
        return block;
    }

    // The company's own order history of the last year; a few more than asked for, as some may have left its catalog.
    private async Task<List<int>> OrderedPackSizesAsync(int customerId, CareArticleSource source, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().AddYears(-1);
        var lines = await db.OrderLines.AsNoTracking()
            .Where(l => l.PackSizeId != null && l.Quantity > 0 && l.BundleLineNumber == null)
            .Join(db.Orders.Where(o => o.CustomerId == customerId && o.Status != OrderStatus.Cancelled && o.PlacedAt >= since), l => l.OrderId, o => o.Id, (l, o) => new { PackSizeId = l.PackSizeId!.Value, l.OrderId, l.LineNet })
            .ToListAsync(cancellationToken);
        var grouped = lines.GroupBy(l => l.PackSizeId);
        var ordered = source == CareArticleSource.FrequentlyOrdered
            ? grouped.OrderByDescending(g => g.Select(l => l.OrderId).Distinct().Count()).ThenByDescending(g => g.Sum(l => l.LineNet))
            : grouped.OrderByDescending(g => g.Sum(l => l.LineNet));
        return ordered.ThenBy(g => g.Key).Select(g => g.Key).Take(20).ToList();
    }
}

public static class CareExtensions
{
    public static IHostApplicationBuilder AddPortalCare(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CareMailComposer>();
        return builder;
    }
}
