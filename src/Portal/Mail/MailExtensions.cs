using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Mail;

public static class MailExtensions
{
    /// The outbox, its renderer and the background sender (SMTP when Mail:Smtp:Host is set, else the pickup folder).
    public static IHostApplicationBuilder AddPortalMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => !o.Smtp.IsConfigured || o.Smtp.Port is > 0 and < 65536, "Mail:Smtp:Port must be between 1 and 65535.")
            .Validate(o => o.RetryBaseDelay > TimeSpan.Zero && o.RetryMaxDelay >= o.RetryBaseDelay, "Mail:RetryBaseDelay must be positive and not above Mail:RetryMaxDelay.")
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicUrl) || (Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)), "Mail:PublicUrl must be an absolute http(s) address.")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.LeaseDuration > TimeSpan.Zero, "Mail:PollInterval and Mail:LeaseDuration must be positive.")
            .Validate<IHostEnvironment>((o, environment) => environment.IsDevelopment() || !string.IsNullOrWhiteSpace(o.PublicUrl),
                "Mail:PublicUrl is required outside Development: links in mails (password reset, invitations) must point at the portal's own address, e.g. Mail__PublicUrl=https://portal.example.com")
            .ValidateOnStart();
        builder.Services.AddOptions<SellerOptions>().BindConfiguration(SellerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton<MailRenderer>();
        builder.Services.AddSingleton<MailDispatchSignal>();
        builder.Services.AddScoped<Outbox>();
        builder.Services.AddScoped<MailLinks>();
        builder.Services.AddScoped<MailConsents>();
        builder.Services.AddSingleton<IMailTransport>(services =>
        {
            var mail = services.GetRequiredService<IOptions<MailOptions>>().Value;
            if (mail.Smtp.IsConfigured)
            {
                return new SmtpMailTransport(mail.Smtp);
            }

            var environment = services.GetRequiredService<IHostEnvironment>();
            var dataPath = services.GetRequiredService<IOptions<PortalOptions>>().Value.ResolveDataPath(environment.ContentRootPath);
            return new PickupFolderTransport(mail.ResolvePickupFolder(environment.ContentRootPath, dataPath));
        });
        builder.Services.AddSingleton<MailDispatcher>();

        var options = builder.Configuration.GetSection(MailOptions.SectionName).Get<MailOptions>() ?? new MailOptions();
        if (options.DispatcherEnabled)
        {
            builder.Services.AddHostedService<MailDispatcherService>();
        }

        return builder;
    }
}

/// Absolute links for mails. They start with Mail:PublicUrl, which is required outside Development. In Development
/// without it they follow the request only when it came to a loopback address (a forged Host header cannot bend a
/// reset link to another site); otherwise they use the address this instance listens on.
public sealed class MailLinks(IOptions<MailOptions> options, IHttpContextAccessor http, Microsoft.AspNetCore.Hosting.Server.IServer server)
{
    public Uri To(string path, IDictionary<string, string?> query)
    {
        var root = BaseAddress();
        var relative = QueryHelpers.AddQueryString(path.TrimStart('/'), query);
        return new Uri(root, relative);
    }

    private Uri BaseAddress()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.PublicUrl))
        {
            return new Uri(options.Value.PublicUrl.TrimEnd('/') + "/");
        }

        if (http.HttpContext?.Request is { } request && IsLoopback(request.Host.Host))
        {
            return new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
        }

        var listening = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (listening is null)
        {
            return new Uri("http://localhost/");
        }

        // Kestrel reports wildcard bindings as http://[::]:5000, http://0.0.0.0:5000 or http://+:5000.
        var address = new UriBuilder(listening.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (address.Host is "0.0.0.0" or "[::]" or "::")
        {
            address.Host = "localhost";
        }

        return new Uri(address.Uri.GetLeftPart(UriPartial.Authority) + "/");
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
