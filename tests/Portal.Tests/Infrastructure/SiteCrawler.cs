using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Portal.Tests.Infrastructure;

/// Walks every page a client reaches by following internal links, redirects and what htmx loads into a page
/// (hx-get), one visit per kind of page. Shared by the crawling tests (German text everywhere, no dead links), so
/// they walk the same pages the same way.
public sealed partial class SiteCrawler(HtmlClient client)
{
    /// Every role's demo user, and null for an anonymous visitor.
    public static TheoryData<string?> Roles => new()
    {
        null,
        DemoPortal.Buyer,
        DemoPortal.BuyerAdmin,
        DemoPortal.Sales,
        DemoPortal.ProductManager,
        DemoPortal.Admin,
    };

    /// Where an anonymous visitor starts.
    public static readonly string[] AnonymousStart = ["/", "/account/login", "/account/forgot-password"];

    /// Where a signed-in user starts: every area's front page (refused ones answer 403 and are left there).
    public static readonly string[] SignedInStart = ["/", "/shop", "/shop/team", "/sales", "/pm", "/admin"];

    /// Every address requested, in order.
    public List<string> Requested { get; } = [];

    /// Every HTML page read, in order.
    public List<string> Pages { get; } = [];

    /// Links that answered 404, each with the page it was found on.
    public List<string> NotFound { get; } = [];

    /// Follows links from start until no new kind of page turns up or maxPages HTML pages were read. beforeRequest
    /// runs before each request, inspect on each HTML page read.
    public async Task CrawlAsync(IEnumerable<string> start, int maxPages, Func<string, IDocument, Task>? inspect = null, Action? beforeRequest = null)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<(string Url, string? From)>(start.Select(url => (url, (string?)null)));
        while (queue.Count > 0 && Pages.Count < maxPages)
        {
            var (url, from) = queue.Dequeue();
            if (!seen.Add(Shape(url)))
            {
                continue;
            }

            beforeRequest?.Invoke();
            Requested.Add(url);
            var response = await client.Http.GetAsync(url);
            Assert.True(response.StatusCode != HttpStatusCode.InternalServerError, $"{url} (linked from {from ?? "the start"}) answers 500");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                NotFound.Add($"{url} (linked from {from ?? "the start"})");
                continue;
            }

            if (response.Headers.Location is { } location && Crawlable(location.OriginalString))
            {
                queue.Enqueue((location.OriginalString, url));
            }

            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            Pages.Add(url);
            var page = await HtmlClient.ParseAsync(response);
            if (inspect is not null)
            {
                await inspect(url, page);
            }

            // Links, and what htmx loads into a page (tabs, panels).
            foreach (var link in page.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!)
                         .Concat(page.QuerySelectorAll("[hx-get]").Select(e => e.GetAttribute("hx-get")!)))
            {
                if (Crawlable(link))
                {
                    queue.Enqueue((link, url));
                }
            }
        }
    }

    /// Internal addresses worth a visit: not signing out, not downloads, not static files.
    public static bool Crawlable(string href) =>
        href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal)
        && !href.Contains("logout", StringComparison.OrdinalIgnoreCase)
        && !href.Contains("export", StringComparison.OrdinalIgnoreCase)
        && !href.Contains(".csv", StringComparison.OrdinalIgnoreCase)
        && !href.StartsWith("/pictures", StringComparison.Ordinal)
        && !href.StartsWith("/lib", StringComparison.Ordinal)
        && !href.StartsWith("/css", StringComparison.Ordinal);

    /// One visit per page kind: "/sales/customers/7?page=2" and "/sales/customers/9?page=3" are the same page.
    public static string Shape(string url)
    {
        var parts = url.Split('?', 2);
        var path = Digits().Replace(parts[0], "N");
        var query = parts.Length > 1
            ? string.Join("&", parts[1].Split('&').Select(p => p.Split('=')[0]).Order(StringComparer.Ordinal))
            : "";
        return path + "?" + query;
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
