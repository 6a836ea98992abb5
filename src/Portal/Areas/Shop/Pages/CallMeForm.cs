namespace Portal.Areas.Shop.Pages;

/// The "Please call me" box on an order or product page: where it posts, and whether a request is open already.
public sealed record CallMeForm(string Action, DateTimeOffset? OpenSince, string? Question = null, string? Error = null);
