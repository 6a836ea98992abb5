using Microsoft.EntityFrameworkCore;
using Portal.Mail;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Mail;

[Collection(MailCollection.Name)]
public sealed class OutboxPageTests(MailPortal portal)
{
    [Fact]
    public async Task Admin_sees_a_failed_mail_with_its_last_error_and_sends_it_again()
    {
        var to = TestAccounts.Unique("parked");
        var id = await portal.WithDbAsync(async db =>
        {
            var mail = new OutboxMessage
            {
                Kind = "PasswordReset",
                To = to,
                Subject = "Reset your password",
                HtmlBody = "<p>Hello</p>",
                TextBody = "Hello",
                MessageId = $"{Guid.NewGuid():N}@portal.test",
                Status = OutboxStatus.Failed,
                Attempts = 10,
                LastError = "SmtpCommandException: 451 4.3.0 Mail server temporarily rejected message",
                NextAttemptAt = DateTimeOffset.UtcNow.AddHours(-1),
                CreatedAt = DateTimeOffset.UtcNow.AddHours(-5),
            };
            db.OutboxMessages.Add(mail);
            await db.SaveChangesAsync();
            return mail.Id;
        });
        var admin = portal.CreateHtmlClient();
        await admin.SignInAsync(DemoPortal.Admin, DemoPortal.Password);
        Assert.Contains((await admin.GetDocumentAsync("/admin")).QuerySelectorAll("a"), a => a.GetAttribute("href") == "/admin/outbox");

        var failed = await admin.GetDocumentAsync("/admin/outbox?show=Failed");

        var row = failed.QuerySelector($"tr[data-mail-id='{id}']");
        Assert.NotNull(row);
        Assert.Contains(to, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("451 4.3.0 Mail server temporarily rejected message", row.QuerySelector(".mail-error")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("Send again", row.QuerySelector("button")?.TextContent.Trim());

        var response = await admin.SubmitAsync(failed, $"tr[data-mail-id='{id}'] form", new Dictionary<string, string>());

        HtmlClient.AssertRedirect(response, "/admin/outbox");
        var mail = await portal.Smtp.WaitForMessageToAsync(to);
        Assert.Equal("Reset your password", mail.Subject);
        await Eventually.TrueAsync(
            async () => await portal.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Id == id && m.Status == OutboxStatus.Sent)),
            "the mail is marked sent");
        var sent = await admin.GetDocumentAsync("/admin/outbox?show=Sent");
        Assert.NotNull(sent.QuerySelector($"tr[data-mail-id='{id}']"));
        Assert.Null((await admin.GetDocumentAsync("/admin/outbox?show=Failed")).QuerySelector($"tr[data-mail-id='{id}']"));
    }

    [Fact]
    public async Task Mails_on_their_way_are_listed_with_their_next_attempt()
    {
        var to = TestAccounts.Unique("waiting");
        await portal.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Kind = "Invitation",
                To = to,
                Subject = "Waiting for its turn",
                HtmlBody = "<p>Hello</p>",
                TextBody = "Hello",
                MessageId = $"{Guid.NewGuid():N}@portal.test",
                Status = OutboxStatus.Pending,
                Attempts = 2,
                LastError = "SocketException: Connection refused",
                NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1),
                CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-3),
            });
            return await db.SaveChangesAsync();
        });
        var admin = portal.CreateHtmlClient();
        await admin.SignInAsync(DemoPortal.Admin, DemoPortal.Password);

        var page = await admin.GetDocumentAsync("/admin/outbox");

        var row = page.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(to, StringComparison.Ordinal));
        Assert.Contains("Connection refused", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Pending", row.QuerySelector(".badge")?.TextContent, StringComparison.Ordinal);
        Assert.Null(row.QuerySelector("button"));
    }

    [Fact]
    public async Task A_customer_cannot_open_the_outbox()
    {
        var buyer = portal.CreateHtmlClient();
        await buyer.SignInAsync(DemoPortal.BuyerAdmin, DemoPortal.Password);

        HtmlClient.AssertRedirect(await buyer.Http.GetAsync("/admin/outbox"), "/account/access-denied");
    }
}
