using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;

namespace Portal.BrowserTests.Infrastructure;

/// The demo portal on a real Kestrel port on 127.0.0.1 and Debian's Chromium driven by Playwright.
/// Playwright cannot download browsers here; PORTAL_CHROMIUM (default /usr/bin/chromium) names the binary.
public class BrowserPortal : IAsyncLifetime
{
    public static readonly ViewportSize Desktop = new() { Width = 1366, Height = 900 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private IPlaywright? playwright;

    /// With a real SMTP server of its own, so flows can be followed into the mailbox.
    public MailTestPortal Factory { get; } = new();
    public StripeStandIn Stripe { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Card payments go to a local Stripe stand-in whose checkout page posts the signed webhook back here.
        Stripe = await StripeStandIn.StartAsync();
        Factory.With("Portal:DemoCustomers", DemoCustomers.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Portal:DemoHistoryMonths", DemoHistoryMonths.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Stripe:SecretKey", StripeStandIn.SecretKey)
            .With("Stripe:WebhookSecret", StripeStandIn.WebhookSecret)
            .With("Stripe:ApiBase", Stripe.BaseUrl);
        Factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        BaseUrl = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Stripe.PortalBaseUrl = BaseUrl;

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// The eight named companies with a year of month-end segmentation runs; the newcomer's portal has the whole demo.
    protected virtual int DemoCustomers => 8;

    protected virtual int DemoHistoryMonths => 12;

    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null, string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = locale,
            ViewportSize = viewport ?? Desktop,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        Violations.Add(page, violations);
        // Chromium reports what the Content-Security-Policy blocked as console errors.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (violations)
                {
                    violations.Add($"{page.Url}: {message.Text}");
                }
            }
        };
        return page;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> Violations = new();

    /// What the Content-Security-Policy blocked on this page so far (inline scripts, styles, handlers, eval).
    public static IReadOnlyList<string> CspViolationsOf(IPage page)
    {
        if (!Violations.TryGetValue(page, out var violations))
        {
            return [];
        }

        lock (violations)
        {
            return [.. violations];
        }
    }

    public async Task<IPage> SignedInPageAsync(string email, ViewportSize? viewport = null)
    {
        var page = await NewPageAsync(viewport);
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoPortal.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ArrivesAtAsync(page, url => !url.Contains("/account/login", StringComparison.Ordinal), $"sign-in as {email}");
        return page;
    }

    /// Waits until the page is at a matching address, watching the address itself: Playwright's WaitForURLAsync
    /// also waits for a load event, which twice in clean runs never came for a page that was already there (the
    /// failure showed the page at the right address). The caller asserts the page's content next, which waits on
    /// its own. When it stays where it is, the failure says what the page said instead and leaves a screenshot,
    /// because a refused form is the usual reason.
    public static async Task ArrivesAtAsync(IPage page, Func<string, bool> url, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (!url(page.Url))
        {
            if (DateTime.UtcNow > until)
            {
                await ScreenshotAsync(page, "did-not-arrive");
                throw new TimeoutException($"After {what} the browser stayed on {page.Url}: {await page.Locator("main").InnerTextAsync()}");
            }

            await Task.Delay(50);
        }
    }

    /// The text of the first mail with one of these subjects to this address, waiting up to ten seconds for the outbox.
    public async Task<string> WaitForSubjectAsync(string address, params string[] subjects)
    {
        var subject = string.Join("' or '", subjects);
        for (var i = 0; i < 100; i++)
        {
            var message = Factory.Smtp.MessagesTo(address).FirstOrDefault(m => subjects.Contains(m.Subject));
            if (message is not null)
            {
                return message.TextBody ?? "";
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No mail '{subject}' to {address}.");
    }

    /// Screenshots go to .test-run/screenshots at the repository root, to be looked at after a run.
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(TestLogs.RepositoryRoot, ".test-run", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
        await Factory.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserPortal>
{
    public const string Name = "browser";
}

/// A portal of its own for tests that run the segmentation: a run reclassifies the demo customers from the order
/// history the other browser tests have added to (Kunz would no longer be a small customer), which must not change
/// what those tests see.
[CollectionDefinition(Name)]
public sealed class SegmentedBrowserCollection : ICollectionFixture<BrowserPortal>
{
    public const string Name = "browser, segmented";
}

/// The demo exactly as a newcomer's first start seeds it (about 200 customers, two years of history, 24 month-end
/// runs), for the tests that read what the demo tells; they only read, so they share it.
public sealed class NewcomerBrowserPortal : BrowserPortal
{
    protected override int DemoCustomers => 200;

    protected override int DemoHistoryMonths => 24;
}

[CollectionDefinition(Name)]
public sealed class NewcomerBrowserCollection : ICollectionFixture<NewcomerBrowserPortal>
{
    public const string Name = "browser, newcomer";
}
