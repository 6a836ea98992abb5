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
            .ValidateOnStart();
        builder.Services.AddOptions<SellerOptions>().BindConfiguration(SellerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton<MailRenderer>();
        builder.Services.AddSingleton<MailDispatchSignal>();
        builder.Services.AddScoped<Outbox>();
        builder.Services.AddScoped<MailLinks>();
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

/// Absolute links for mails. They start with Mail:PublicUrl; without it, with the address of the current request.
public sealed class MailLinks(IOptions<MailOptions> options, IHttpContextAccessor http)
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

        var request = http.HttpContext?.Request
            ?? throw new InvalidOperationException("Set Mail:PublicUrl: mails written outside a web request need the portal's address for their links.");
        return new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
    }
}
