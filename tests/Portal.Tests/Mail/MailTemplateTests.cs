using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Mail;

namespace Portal.Tests.Mail;

/// The Razor mail templates rendered on their own, the way the outbox renders them.
public sealed class MailTemplateTests
{
    private static readonly Uri Link = new("https://portal.example/account/reset-password?userId=u1&token=abc");

    private static IServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddOptions<SellerOptions>().Configure(s =>
        {
            s.Name = "Farbenhaus Breisgau GmbH";
            s.Street = "Industriestraße 12";
            s.PostalCode = "79108";
            s.City = "Freiburg im Breisgau";
            s.Phone = "+49 761 123456";
            s.Country = "Germany";
        });
        services.AddSingleton<MailRenderer>();
        return services.BuildServiceProvider();
    }

    private static MailRenderer Renderer() => Services().GetRequiredService<MailRenderer>();

    [Fact]
    public async Task Password_reset_mail_has_the_link_in_both_bodies_and_the_seller_below()
    {
        var mail = await Renderer().RenderAsync(new PasswordResetMail("Klaus Kunz", Link, TimeSpan.FromHours(2)), "en");

        Assert.Equal("Reset your password", mail.Subject);
        Assert.StartsWith("<!DOCTYPE html>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://portal.example/account/reset-password?userId=u1&amp;token=abc\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("https://portal.example/account/reset-password?userId=u1&token=abc\n", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Hello Klaus Kunz,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("for 2 hours", mail.TextBody, StringComparison.Ordinal);
        foreach (var body in new[] { mail.HtmlBody, mail.TextBody })
        {
            Assert.Contains("Farbenhaus Breisgau GmbH", body, StringComparison.Ordinal);
            Assert.Contains("Industriestraße 12", body, StringComparison.Ordinal);
            Assert.Contains("79108 Freiburg im Breisgau", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task German_recipients_get_the_mail_in_German()
    {
        var mail = await Renderer().RenderAsync(new InvitationMail("Karin Kunz", "Malerbetrieb Kunz", "neu@kunz.example", Link, TimeSpan.FromDays(7)), "de");

        Assert.Equal("Karin Kunz lädt Sie ein, für Malerbetrieb Kunz zu bestellen", mail.Subject);
        Assert.Contains("<html lang=\"de\">", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Einladung annehmen", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("7 Tage", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("invites you", mail.TextBody, StringComparison.Ordinal);
        // The seller's country, configured in English, in the footer in German.
        Assert.Contains("Deutschland", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Germany", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_typed_by_users_is_encoded_in_the_html_body_and_kept_verbatim_in_the_text_body()
    {
        var mail = await Renderer().RenderAsync(new InvitationMail("<script>alert('x')</script>", "Kunz & <b>Söhne</b>", "neu@kunz.example", Link, TimeSpan.FromDays(7)), "en");

        Assert.DoesNotContain("<script>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Söhne", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Kunz &amp; &lt;b&gt;Söhne&lt;/b&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<script>alert('x')</script> invites you to order for Kunz & <b>Söhne</b>", mail.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "en", "2 hours")]
    [InlineData(1, "en", "1 hour")]
    [InlineData(24 * 7, "en", "7 days")]
    [InlineData(24, "de", "1 Tag")]
    [InlineData(2, "de", "2 Stunden")]
    public void Link_lifetimes_read_as_words(int hours, string language, string expected)
    {
        var culture = MailRenderer.CultureFor(language);
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = culture;
        try
        {
            var t = Services().GetRequiredService<IStringLocalizer<SharedResource>>();
            Assert.Equal(expected, MailText.Duration(TimeSpan.FromHours(hours), t));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }
}
