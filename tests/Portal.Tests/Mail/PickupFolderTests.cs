using MimeKit;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Mail;

/// The demo portal as a fresh install runs it: no SMTP server configured.
public sealed class PickupFolderTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task Without_smtp_forgot_password_for_the_demo_buyer_puts_an_eml_file_into_the_pickup_folder_within_seconds()
    {
        var folder = Path.Combine(portal.DataPath, "mail-pickup");
        var client = portal.CreateHtmlClient();
        var page = await client.GetDocumentAsync("/account/forgot-password");

        var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Email"] = DemoPortal.Buyer });

        HtmlClient.AssertRedirect(response, "/account/forgot-password");
        string[] files = [];
        await Eventually.TrueAsync(
            () => Task.FromResult((files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : []).Length > 0),
            "an .eml file is in the pickup folder",
            TimeSpan.FromSeconds(5));
        var message = await MimeMessage.LoadAsync(Assert.Single(files));
        Assert.Equal(DemoPortal.Buyer, Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("Reset your password", message.Subject);
        Assert.Contains("/account/reset-password?userId=", message.TextBody, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder, "*.partial"));
    }
}
