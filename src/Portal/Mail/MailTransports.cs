using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Portal.Mail;

/// Where mails leave the portal: an SMTP server, or the pickup folder when none is configured.
public interface IMailTransport
{
    /// For the logs and the admin page: "SMTP mail.example.com:587" or "pickup folder /data/mail-pickup".
    string Description { get; }

    Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken);
}

/// One session; a batch of mails goes out over it.
public interface IMailConnection : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// The server refused the mail for good (an unknown mailbox, say): trying again cannot help.
public sealed class PermanentMailFailureException(string message, Exception inner) : Exception(message, inner);

public sealed class SmtpMailTransport(SmtpOptions options) : IMailTransport
{
    public string Description => $"SMTP {options.Host}:{options.Port} ({options.Security})";

    public async Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        try
        {
            var security = options.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(options.Host ?? "", options.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(options.User))
            {
                await client.AuthenticateAsync(options.User, options.Password ?? "", cancellationToken);
            }

            return new Connection(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class Connection(SmtpClient client) : IMailConnection
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            try
            {
                await client.SendAsync(message, cancellationToken);
            }
            catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)e.StatusCode >= 500)
            {
                throw new PermanentMailFailureException($"The server refused the recipient: {(int)e.StatusCode} {e.Message}", e);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true);
                }
            }
            catch (Exception e) when (e is IOException or MailKit.ServiceNotConnectedException or SmtpProtocolException or OperationCanceledException)
            {
                // The session is over either way; what was sent is recorded already.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}

/// Writes each mail as an .eml file (open it with any mail program). The file appears complete or not at all,
/// and sending the same mail again overwrites the same file.
public sealed class PickupFolderTransport(string folder) : IMailTransport
{
    public string Folder { get; } = folder;

    public string Description => $"pickup folder {Folder}";

    public Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        return Task.FromResult<IMailConnection>(new Connection(Folder));
    }

    public static string FileNameFor(MimeMessage message)
    {
        var id = new string((message.MessageId ?? Guid.NewGuid().ToString("N")).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());
        return $"{message.Date.UtcDateTime:yyyyMMdd-HHmmss}-{id}.eml";
    }

    private sealed class Connection(string folder) : IMailConnection
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var target = Path.Combine(folder, FileNameFor(message));
            var partial = target + ".partial";
            await message.WriteToAsync(partial, cancellationToken);
            File.Move(partial, target, overwrite: true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
