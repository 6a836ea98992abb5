using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Portal.Customers;
using Portal.Data;
using Portal.Identity;

namespace Portal.Tests.Infrastructure;

/// The real app sending over SMTP to a real SMTP server of its own, with retry delays short enough for a test.
public class MailTestPortal : PortalFactory
{
    public const string SellerName = "Farbenhaus Breisgau GmbH";
    public const string SellerStreet = "Industriestraße 12";
    public const string From = "portal@farbenhaus.example";

    private readonly bool ownsSmtp;

    /// Pass an SMTP server to share one between two portal instances (the first one owns it).
    public MailTestPortal(DatabaseKind kind = DatabaseKind.Sqlite, bool seedDemo = true, string? sharedDatabase = null, TestSmtpServer? smtp = null)
        : base(kind, seedDemo, sharedDatabase)
    {
        ownsSmtp = smtp is null;
        Smtp = smtp ?? new TestSmtpServer();
        With("Mail:Smtp:Host", "127.0.0.1");
        With("Mail:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        With("Mail:Smtp:Security", "None");
        With("Mail:Smtp:Timeout", "00:00:10");
        With("Mail:From", From);
        With("Mail:PollInterval", "00:00:00.100");
        With("Mail:RetryBaseDelay", "00:00:00.200");
        With("Mail:RetryMaxDelay", "00:00:01");
        With("Mail:MaxAttempts", "50");
        With("Seller:Name", SellerName);
        With("Seller:Street", SellerStreet);
        With("Seller:PostalCode", "79108");
        With("Seller:City", "Freiburg im Breisgau");
    }

    public TestSmtpServer Smtp { get; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsSmtp)
        {
            await Smtp.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// One demo-seeded portal with its SMTP server, shared by the tests of the "Mail" collection (they run one after
/// another, so the outage test can stop the server without disturbing the others).
public sealed class MailPortal() : MailTestPortal(seedDemo: true);

[CollectionDefinition(Name)]
public sealed class MailCollection : ICollectionFixture<MailPortal>
{
    public const string Name = "Mail";
}

public static partial class MailContent
{
    /// The first link into the portal in the plain-text body, as a path and query the test client can request.
    public static string LinkIn(MimeMessage message, string path)
    {
        var match = Links().Matches(message.TextBody ?? "").Select(m => new Uri(m.Value)).FirstOrDefault(u => u.AbsolutePath == path)
            ?? throw new InvalidOperationException($"No link to {path} in the mail:\n{message.TextBody}");
        return match.PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Links();
}

public static class Eventually
{
    /// Polls until the condition holds; background work (the mail sender) gets there on its own time.
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }
}
