using System.Threading.RateLimiting;

namespace Portal.Web;

public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// Sign-in attempts per client address and minute. Identity's lockout guards each account; this guards the server.
    public int LoginPerMinute { get; set; } = 30;
}

public static class RateLimits
{
    public static IHostApplicationBuilder AddPortalRateLimits(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy("login", context =>
                // GETs of the form are free; only attempts count.
                HttpMethods.IsPost(context.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = options.LoginPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("get"));
        });
        return builder;
    }
}
