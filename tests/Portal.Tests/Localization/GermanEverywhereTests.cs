using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Localization;

/// Walks every page each role can reach by following links, in German, and fails on any text a German reader
/// would find in English: a resource string without a German translation, an English UI phrase, or a raw enum name;
/// and on a page without a title of its own. (Dead links: Web/LinkCrawlTests, on the same crawler.)
public sealed partial class GermanEverywhereTests(GermanEverywhereTests.RecordingPortal portal) : IClassFixture<GermanEverywhereTests.RecordingPortal>
{
    private const int PagesPerRole = 160;

    [Theory]
    [MemberData(nameof(SiteCrawler.Roles), MemberType = typeof(SiteCrawler))]
    public async Task Every_page_a_role_reaches_reads_in_German(string? email)
    {
        var client = portal.CreateHtmlClient();
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        IEnumerable<string> start = SiteCrawler.AnonymousStart;
        if (email is not null)
        {
            await client.SignInAsync(email, DemoPortal.Password);
            var home = await client.GetDocumentAsync("/account/logout");
            await client.SubmitAsync(home, "form[action='/culture']", new Dictionary<string, string> { ["culture"] = "de" });
            start = SiteCrawler.SignedInStart;
        }

        var findings = new List<string>();
        var crawler = new SiteCrawler(client);
        await crawler.CrawlAsync(start, PagesPerRole, beforeRequest: portal.Missing.Clear, inspect: (url, page) =>
        {
            findings.AddRange(portal.Missing.Keys.Select(key => $"{url}: no German for \"{key}\""));
            findings.AddRange(EnglishIn(page).Select(text => $"{url}: {text}"));
            // Whole pages only; what htmx loads into a page has no title.
            if (page.QuerySelector("title") is { } title && !title.TextContent.EndsWith(" · Portal", StringComparison.Ordinal))
            {
                findings.Add($"{url}: the page has no title of its own (\"{title.TextContent}\")");
            }

            return Task.CompletedTask;
        });

        var visited = crawler.Pages.Count;
        Assert.True(visited >= (email is null ? 2 : 5), $"Only {visited} pages reached");
        Assert.True(findings.Count == 0, $"{findings.Count} English text(s) on German pages:\n" + string.Join("\n", findings.Distinct().Take(80)));
    }

    private static IEnumerable<string> EnglishIn(IDocument page)
    {
        var text = VisibleText(page);
        foreach (var name in RawEnumNames.Where(name => Regex.IsMatch(text, $@"\b{name}\b")))
        {
            yield return $"raw name \"{name}\"";
        }

        foreach (var phrase in EnglishPhrases.Where(phrase => text.Contains(phrase, StringComparison.Ordinal)))
        {
            yield return $"English \"{phrase}\"";
        }

        // Text that never went through the localizer: English function words, which German text does not use.
        foreach (Match match in EnglishWords().Matches(text))
        {
            var from = Math.Max(0, match.Index - 40);
            yield return $"English words in \"…{text.Substring(from, Math.Min(text.Length - from, match.Length + 80))}…\"";
        }
    }

    [GeneratedRegex(@"\b(the|and|with|your|this|for|are|is|of|to|by|from|not|has) (the|a|an|your|this|its|all|\w+s|\w+ed|\w+ing)\b")]
    private static partial Regex EnglishWords();

    private static string VisibleText(IDocument page)
    {
        // Literal values (SKUs, CSV column names and values) are shown as code and are the same in every language;
        // text marked as English (the English half of bilingual product content) is meant to be English.
        foreach (var hidden in page.QuerySelectorAll("script, style, template, code, [lang=en]").ToList())
        {
            hidden.Remove();
        }

        var attributes = page.QuerySelectorAll("[placeholder], [title], [aria-label], [alt], [hx-confirm], input[type=submit][value], button[value]")
            .SelectMany(e => new[] { "placeholder", "title", "aria-label", "alt", "hx-confirm" }.Select(e.GetAttribute))
            .Where(v => !string.IsNullOrWhiteSpace(v));
        return Regex.Replace(string.Join(" ", new[] { page.Title ?? "", page.Body?.TextContent ?? "" }.Concat(attributes!)), @"\s+", " ");
    }

    /// Enum members a person would read as code: two or more capitalised words run together ("CallbackRequest").
    private static readonly string[] RawEnumNames = typeof(Portal.Data.PortalDbContext).Assembly.GetTypes()
        .Where(t => t.IsEnum && t.Namespace?.StartsWith("Portal", StringComparison.Ordinal) == true)
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name))
        .Where(name => Regex.IsMatch(name, "^[A-Z][a-z]+[A-Z]"))
        .Distinct()
        .ToArray();

    /// English UI phrases (from the translation table) whose German differs: seeing one on a German page means
    /// the text bypassed the localizer.
    private static readonly string[] EnglishPhrases = File.ReadAllLines(Path.Combine(Repository.Root, "scripts", "translations.de.tsv"))
        .Where(line => !line.StartsWith('#') && line.Contains('\t'))
        .Select(line => line.Split('\t'))
        .Where(p => p[0] != p[1] && !p[0].Contains('{') && p[0].Count(c => c == ' ') >= 2 && p[0].Length >= 12)
        .Select(p => p[0])
        .ToArray();

    /// The demo portal with every localizer lookup that finds no German text recorded.
    public sealed class RecordingPortal() : PortalFactory(DatabaseKind.Sqlite, seedDemo: true)
    {
        public ConcurrentDictionary<string, bool> Missing { get; } = new();

        protected override void ConfigureTestServices(IServiceCollection services)
        {
            services.AddSingleton<IStringLocalizerFactory>(sp => new RecordingFactory(
                new ResourceManagerStringLocalizerFactory(sp.GetRequiredService<IOptions<LocalizationOptions>>(), sp.GetRequiredService<ILoggerFactory>()),
                Missing));
        }
    }

    private sealed class RecordingFactory(IStringLocalizerFactory inner, ConcurrentDictionary<string, bool> missing) : IStringLocalizerFactory
    {
        public IStringLocalizer Create(Type resourceSource) => new RecordingLocalizer(inner.Create(resourceSource), missing);

        public IStringLocalizer Create(string baseName, string location) => new RecordingLocalizer(inner.Create(baseName, location), missing);
    }

    private sealed class RecordingLocalizer(IStringLocalizer inner, ConcurrentDictionary<string, bool> missing) : IStringLocalizer
    {
        public LocalizedString this[string name] => Record(inner[name]);

        public LocalizedString this[string name, params object[] arguments] => Record(inner[name, arguments]);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);

        private LocalizedString Record(LocalizedString value)
        {
            if (value.ResourceNotFound && CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "de")
            {
                missing.TryAdd(value.Name, true);
            }

            return value;
        }
    }
}
