from carepoint.privacy import mask_account, mask_id_number, mask_phone


def test_public_copies_hide_the_middle_of_ids_and_phones_and_all_but_four_account_digits():
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_account("6222021234567890123") == "*" * 15 + "0123"
    assert mask_account("") == ""
