using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

public sealed class HostingTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task Health_endpoint_answers_200_when_the_database_is_reachable()
    {
        var response = await portal.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_endpoint_answers_503_when_the_database_is_unreachable()
    {
        // Nothing listens on port 1; migrations are off so the app still starts and can report the outage.
        await using var unreachable = new PortalFactory(seedDemo: false)
            .With("Database:Provider", "Postgres")
            .With("Database:MigrateOnStart", "false")
            .With("ConnectionStrings:Portal", "Host=127.0.0.1;Port=1;Database=nothing;Username=nobody;Timeout=2");

        var response = await unreachable.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Stylesheet_and_htmx_are_served_from_the_top_level_web_root()
    {
        var client = portal.CreateClient();
        var login = await (await client.GetAsync("/account/login")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/css/site.css")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/lib/htmx/htmx.min.js")).StatusCode);
        // Browsers ask for /favicon.ico on their own; the pages name the SVG one.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/favicon.ico")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/favicon.svg")).StatusCode);
        Assert.Contains("rel=\"icon\"", login, StringComparison.Ordinal);
        Assert.DoesNotContain("unpkg.com", login, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn", login, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Every_page_sends_the_antiforgery_token_on_htmx_requests()
    {
        var page = await new HtmlClient(portal.CreateClient()).GetDocumentAsync("/account/login");

        var headers = page.Body!.GetAttribute("hx-headers");

        Assert.NotNull(headers);
        Assert.Matches("\"RequestVerificationToken\": \"[^\"]{20,}\"", headers);
    }

    [Fact]
    public async Task Language_switch_turns_the_interface_german_and_back()
    {
        var client = portal.CreateHtmlClient();
        var login = await client.GetDocumentAsync("/account/login");

        var switched = await client.SubmitAsync(login, "form.language-switch", new Dictionary<string, string>(), "culture", "de");
        HtmlClient.AssertRedirect(switched, "/account/login");
        var german = await client.GetDocumentAsync("/account/login");

        Assert.Equal("de", german.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Anmelden", german.QuerySelector("h1")?.TextContent.Trim());

        await client.SubmitAsync(german, "form.language-switch", new Dictionary<string, string>(), "culture", "en");
        var english = await client.GetDocumentAsync("/account/login");
        Assert.Equal("Sign in", english.QuerySelector("h1")?.TextContent.Trim());
    }

    [Fact]
    public async Task Unknown_language_is_refused()
    {
        var client = portal.CreateHtmlClient();
        var login = await client.GetDocumentAsync("/account/login");

        var response = await client.SubmitAsync(login, "form.language-switch", new Dictionary<string, string>(), "culture", "xx");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_page_shows_a_friendly_404()
    {
        var response = await portal.CreateClient().GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }
}
