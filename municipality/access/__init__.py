"""Who may do what (the policy and its guard), what a signed-in user is offered (the
navigation, the period a page opens in), and the request type the views receive."""
