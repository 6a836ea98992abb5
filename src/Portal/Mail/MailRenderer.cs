using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Localization;

namespace Portal.Mail;

public sealed record RenderedMail(string Subject, string HtmlBody, string TextBody);

/// Renders a mail's Razor components to strings outside any request, in the recipient's language.
/// Components encode every value they output, so names and company names typed by users cannot inject markup.
public sealed partial class MailRenderer(IServiceScopeFactory scopes, ILoggerFactory loggers, IStringLocalizer<SharedResource> t, IOptions<SellerOptions> seller)
{
    // The app's HtmlEncoder turns every umlaut into an entity; mails read better (and stay as safe) with only
    // the characters that matter to HTML encoded.
    private static readonly HtmlEncoder MailEncoder = HtmlEncoder.Create(UnicodeRanges.All);

    public async Task<RenderedMail> RenderAsync(MailTemplate mail, string? language)
    {
        var culture = CultureFor(language);
        // A scope of its own: the renderer asks for scoped framework services, and mails are also written outside requests.
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(new MailServices(scope.ServiceProvider), loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            // Set inside the renderer's own context: the localizer and any formatting read the current culture.
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { ["Mail"] = mail });
            var html = (await renderer.RenderComponentAsync(mail.HtmlTemplate, parameters)).ToHtmlString();
            var text = (await renderer.RenderComponentAsync(mail.TextTemplate, parameters)).ToHtmlString();
            return new RenderedMail(mail.Subject(t, seller.Value), "<!DOCTYPE html>\n" + html.Trim() + "\n", PlainText(text));
        });
    }

    public static CultureInfo CultureFor(string? language) =>
        LocalizationExtensions.SupportedCultures.FirstOrDefault(c => c.TwoLetterISOLanguageName == language) ?? LocalizationExtensions.SupportedCultures[0];

    /// The text templates go through the same HTML renderer, which encodes what they output; decoding gives back
    /// exactly the text, and plain text cannot carry markup anyway.
    private static string PlainText(string rendered)
    {
        var text = WebUtility.HtmlDecode(rendered).Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = text.Split('\n').Select(line => line.TrimEnd());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim() + "\n";
    }

    [GeneratedRegex("\n{3,}")]
    private static partial Regex BlankLines();

    private sealed class MailServices(IServiceProvider inner) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(HtmlEncoder) ? MailEncoder : inner.GetService(serviceType);
    }
}
