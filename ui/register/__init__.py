"""The resident register (老人档案): the list page, the editor, status changes and roster import."""
