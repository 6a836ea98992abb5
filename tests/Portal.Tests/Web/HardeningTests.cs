using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// A Production installation: it needs Mail:PublicUrl, answers bad requests with 400, and every response (pages,
/// 404s, 400s, error pages) carries the browser hardening headers.
public sealed class ProductionPortal : PortalFactory
{
    public ProductionPortal()
        : base(DatabaseKind.Sqlite, seedDemo: true)
    {
        HostEnvironment = "Production";
        With("Mail:PublicUrl", "https://portal.example.com");
    }
}

public sealed class HardeningTests(ProductionPortal portal) : IClassFixture<ProductionPortal>
{
    private static readonly string[] Policy =
    [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "object-src 'none'",
        "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
    ];

    private static void AssertHardened(HttpResponseMessage response)
    {
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        foreach (var directive in Policy)
        {
            Assert.Contains(directive, csp, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task A_page_a_404_a_400_and_the_error_page_all_carry_the_hardening_headers()
    {
        var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetAsync("/account/login");
        var missing = await client.GetAsync("/no-such-page");
        var forged = await client.PostAsync("/culture", new FormUrlEncodedContent([new("culture", "de"), new("returnUrl", "/")]));
        var error = await client.GetAsync("/error");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        foreach (var response in new[] { page, missing, forged, error })
        {
            AssertHardened(response);
        }
    }

    [Fact]
    public async Task Cookies_are_secure_over_https()
    {
        var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

        var login = await client.GetAsync("/account/login");
        var culture = await client.PostAsync("/culture", new FormUrlEncodedContent([new("culture", "de")]));

        var cookies = login.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.BadRequest, culture.StatusCode);
    }

    [Fact]
    public void Production_refuses_to_start_without_mail_public_url_and_names_the_setting()
    {
        using var unconfigured = new PortalFactory(DatabaseKind.Sqlite, seedDemo: false) { HostEnvironment = "Production" };

        var refused = Assert.ThrowsAny<Exception>(() => unconfigured.Services);

        var validation = refused as OptionsValidationException ?? refused.InnerException as OptionsValidationException ?? (refused as AggregateException)?.InnerExceptions.OfType<OptionsValidationException>().FirstOrDefault();
        Assert.NotNull(validation);
        Assert.Contains("Mail:PublicUrl", validation.Message, StringComparison.Ordinal);
    }
}
