using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// Every link a role can follow leads somewhere: links, redirects and htmx GETs are followed through every page a
/// role reaches (one page of each kind), and every form and htmx request target is sent one empty request (refused for want of an antiforgery token,
/// so nothing changes). A page renamed
/// or moved without its links fails here.
public sealed class LinkCrawlTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    private const int PagesPerRole = 160;

    private static readonly HttpMethod[] HtmxVerbs = [HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete];

    [Theory]
    [MemberData(nameof(SiteCrawler.Roles), MemberType = typeof(SiteCrawler))]
    public async Task No_internal_link_a_role_reaches_answers_404(string? email)
    {
        var client = portal.CreateHtmlClient();
        if (email is not null)
        {
            await client.SignInAsync(email, DemoPortal.Password);
        }

        // Where forms and htmx send their requests, with the method they send them with.
        var targets = new Dictionary<string, (HttpMethod Method, string Url, string Page)>();
        var crawler = new SiteCrawler(client);
        await crawler.CrawlAsync(email is null ? SiteCrawler.AnonymousStart : SiteCrawler.SignedInStart, PagesPerRole, inspect: (url, page) =>
        {
            var found = page.QuerySelectorAll("form[action]")
                .Select(f => (Method: f.GetAttribute("method")?.ToUpperInvariant() == "POST" ? HttpMethod.Post : HttpMethod.Get, Url: f.GetAttribute("action")!))
                .Concat(HtmxVerbs.SelectMany(verb => page.QuerySelectorAll($"[hx-{verb.Method.ToLowerInvariant()}]")
                    .Select(e => (Method: verb, Url: e.GetAttribute($"hx-{verb.Method.ToLowerInvariant()}")!))));
            foreach (var (method, target) in found.Where(t => SiteCrawler.Crawlable(t.Url)))
            {
                targets.TryAdd(method + " " + SiteCrawler.Shape(target), (method, target, url));
            }

            return Task.CompletedTask;
        });

        var deadTargets = new List<string>();
        foreach (var (method, url, page) in targets.Values)
        {
            // Sent without an antiforgery token (and empty), so a write is refused with 400 before it happens;
            // a 404 means nothing answers at that address.
            using var request = new HttpRequestMessage(method, url);
            if (method != HttpMethod.Get)
            {
                request.Content = new FormUrlEncodedContent([]);
            }

            var response = await client.Http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                deadTargets.Add($"{method} {url} (on {page})");
            }
        }

        Assert.True(crawler.Pages.Count >= (email is null ? 2 : 5), $"Only {crawler.Pages.Count} pages reached");
        Assert.True(crawler.NotFound.Count == 0, "Links answering 404:\n" + string.Join("\n", crawler.NotFound));
        Assert.True(deadTargets.Count == 0, "Form and htmx targets answering 404:\n" + string.Join("\n", deadTargets));
    }
}
